/** Sends a scheduled report as an e-mail with its file attached (nodemailer to SMTP_URL). */
import nodemailer, { type Transporter } from 'nodemailer';

export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  attachment: { filename: string; path: string; contentType: string };
}

export class ReportMailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: ReportMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: [{ ...mail.attachment, contentTransferEncoding: 'base64' }] });
  }

  close(): void {
    this.transport.close();
  }
}
