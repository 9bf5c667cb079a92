/**
 * The renderer's Content-Security-Policy, shared by the Electron shell and the
 * web host. No 'unsafe-inline' anywhere: React sets styles through the CSSOM,
 * which CSP does not govern, and Vite emits styles as files.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');
