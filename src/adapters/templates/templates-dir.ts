import { fileURLToPath } from 'node:url';

/** The project's `templates/` folder: user-editable communication and report templates. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
