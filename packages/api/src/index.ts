/** @callboard/api: the HTTP contract of /api/v1, one zod schema per request and response. */
export { ERROR_CODES, ErrorBody, ErrorCode, isErrorCode } from './errors.ts';
export { ACCESS, ROLES, Role, USER_ROLES, UserRole } from './roles.ts';
export { IdParams } from './ids.ts';
export { ChangePassword, LoginBody, Me } from './auth.ts';
export { CreatedUser, CreateUser, Extension, Login, PasswordReset, QueueName, ResetPassword, UpdateUser, UserList, UserView } from './users.ts';
export { AuditEntry, AuditLog, AuditQuery } from './audit.ts';
export { CreatedToken, CreateToken, TokenList, TokenView } from './tokens.ts';
export { Tenant, TenantSettings } from './tenants.ts';
export { Catalogue, CatalogueEntry, Group, GROUPS, HistoryQuery, HistoryResult } from './metrics.ts';
export { LiveQuery, LiveSnapshot, LiveWsMessage, MyLive } from './live.ts';
export { CustomMetric, CustomMetricList, CustomMetricParams } from './custom-metrics.ts';
export { ArchiveWallboard, ReplaceWallboard, Wallboard, WallboardExport, WallboardInput, WallboardList, WallboardParams, WidgetParams } from './wallboards.ts';
export { PublishResult } from './events.ts';
export { DeadLetterList, DeadLetterQuery } from './dead-letters.ts';
export {
  AssignBody, AttemptBody, AttemptOutcome, BookCallback, CallbackAction, CallbackDetail, CallbackHistoryEntry, CallbackId, CallbackItem, CallbackList,
  CallbackListQuery, CallbackListStatus, CallbackParams, CallbackRequest, CallbackSettings, CallbackSummary, CallbackView, CloseReason, EligibleAgents, FlushBody, FlushResult,
  CallbackDashboard, CallbackDashboardQuery, CallbackPreferences, CallbackWsMessage, NoteBody, OptionalReasonBody, ReasonBody,
} from './callbacks.ts';
export {
  AddEntriesBody, BulkResult, Campaign, CampaignAgentsBody, CampaignEntries, CampaignEntriesQuery, CampaignId, CampaignList, CampaignParams, CampaignProgress,
  CampaignView, CampaignListQuery, CreateCampaign, EntryIdsBody, RenameCampaign, ImportQuery, ImportReport, MoveEntriesBody, RejectedLine,
} from './campaigns.ts';
export { AdapterDownMessage, AdapterUpMessage, AgentRef, Command, COMMAND_BODIES, COMMAND_NAMES, CommandName, CommandReply, CommandResult, DialNumber, SELF_COMMANDS, SUPERVISOR_COMMANDS } from './commands.ts';
export type { CommandBody } from './commands.ts';
export { CallTimeline, CallTimelineParams, COLUMN_TYPES, MyReport, MyReportQuery, REPORT_IDS, ReportColumn, ReportId, ReportList, ReportParams, ReportQuery, ReportResult, ReportRow } from './reports.ts';
export {
  AttachmentParams, AttachmentQuery, CreateTicket, MoveTicket, TicketDetail, TicketId, TicketItem, TicketList, TicketListQuery, TicketMetrics, TicketMetricsQuery,
  TicketNoteBody, TicketParams, TicketPeople, TicketReport, TicketReportParams, TicketReportQuery, TICKET_REPORTS, TicketView, TicketViews, UpdateTicket,
  Ticket, TicketLogEntry, TicketSettings, TicketStatus, TicketPriority, TICKET_STATUSES, TICKET_PRIORITIES,
} from './tickets.ts';
export { CreateExport, EXPORT_FORMATS, ExportColumn, ExportFilters, ExportFormat, ExportJobList, ExportJobView, ExportSourceList } from './exports.ts';
export { SCHEDULE_RANGES, ScheduleInput, ScheduleList, ScheduleRange, ScheduleRun, ScheduleView } from './schedules.ts';
