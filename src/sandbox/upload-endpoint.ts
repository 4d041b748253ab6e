import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from './http-io.js';
import type { WorkspaceState } from './workspace-state.js';

/** Extracts the file bytes from an upload: the first file part of multipart data, a `body` field, or raw bytes. */
async function fileBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [, value] of form) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    const field = form.get('body') ?? form.get('file');
    return Buffer.from(typeof field === 'string' ? field : '');
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(raw.toString('utf8'));
    return Buffer.from(params.get('body') ?? params.get('file') ?? '');
  }
  return raw;
}

/**
 * Serves the upload URLs handed out by files.getUploadURLExternal (`POST /upload/v1/<file id>`): stores the bytes
 * on the file and answers `200 OK - <bytes>` as Slack's upload host does; unknown ids get 404.
 */
export async function handleUpload(
  state: WorkspaceState,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const raw = await readBody(req);
  const file = state.files.get(fileId);
  if (!file || file.completed) return sendText(res, 404, 'file not found');
  file.content = await fileBytes(req, raw);
  sendText(res, 200, `OK - ${file.content.length}`);
}
