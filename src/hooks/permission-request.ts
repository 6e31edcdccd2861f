// Claude Code PermissionRequest hook: maps its stdin to a Heatdesk event and sends it to the ingest server.
import { runHook } from './_runtime';

runHook('PermissionRequest');
