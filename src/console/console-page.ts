/** The console's HTML page: no inline script or style, only the bundle from its own origin. */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shipgate sandbox console</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app.css">
<script type="module" src="/app.js"></script>
</head>
<body>
<div id="app"><noscript>The Shipgate console needs JavaScript.</noscript></div>
</body>
</html>
`;

/**
 * The console's security headers: a Content-Security-Policy that allows only this origin (no inline scripts, no
 * remote scripts, styles, fonts, images or connections), nosniff, no framing and no referrer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The console's icon: a gate in Shipgate's sidebar colour, so the browser asks for no `/favicon.ico`. */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#3f0e40"/><path d="M8 26V10l8-4 8 4v16h-4V13l-4-2-4 2v13z" fill="#fff"/></svg>
`;
