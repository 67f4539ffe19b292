// PBX commands an agent gives about themselves (POST /api/v1/commands/<name>): pause with a reason, and back to ready.
import type { CommandReply } from '@callboard/api';
import { api } from '$lib/api';

export const pause = (agent: string, reason: string) => api<CommandReply>('commands/pause', { method: 'POST', body: { agent, reason } });
export const unpause = (agent: string) => api<CommandReply>('commands/unpause', { method: 'POST', body: { agent } });
