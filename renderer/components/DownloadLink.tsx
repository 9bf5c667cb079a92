import { useEffect, useState } from 'react';

/** A file made in main, offered as a download (a blob: URL the CSP allows for downloads). */
export function DownloadLink({ filename, content, mimeType, testId, base64 = false }: { filename: string; content: string; mimeType: string; testId: string; base64?: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const bytes = base64 ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(content);
    const u = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [content, mimeType, base64]);
  return url ? (
    <a href={url} download={filename} data-testid={testId}>
      {filename}
    </a>
  ) : null;
}
