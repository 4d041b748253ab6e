import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';

/** The project's `templates/` folder: user-editable communication and report templates, found from the package root. */
export const TEMPLATES_DIR = `${join(PACKAGE_ROOT, 'templates')}/`;
