import { useEffect, useRef, useState } from 'react';
import type { DownloadFile } from '../../../core/privacy/files';

const AUDIENCE_LABELS: Record<DownloadFile['audience'], string> = {
  vendor: 'For the mailing vendor',
  partner: 'For the partner',
  recipient: 'For the recipient',
  internal: 'Internal',
};

/**
 * A file as a real download: an `<a download href="blob:...">` (the CSP's
 * blob: is for images, but a download link is not a navigation the page
 * makes, so Chromium and Electron allow it). Where a browser still refuses,
 * the content is one click away in a read-only text box with a copy button.
 */
function FileLink({ file, testId }: { file: DownloadFile; testId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const next = URL.createObjectURL(new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(file.content);
    } catch {
      // Clipboard permission refused (Electron denies permissions): select the text and copy the old way.
      box.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };

  return (
    <li className="file" data-testid={testId} data-audience={file.audience}>
      <div className="file-head">
        <strong>{file.filename}</strong>
        <span className="muted">
          {AUDIENCE_LABELS[file.audience]} · {file.rows} row{file.rows === 1 ? '' : 's'}
        </span>
      </div>
      <p className="file-description">{file.description}</p>
      <div className="actions">
        {url && (
          <a className="button-link" href={url} download={file.filename} data-testid={`${testId}-download`}>
            Download {file.filename}
          </a>
        )}
        <button type="button" className="secondary" aria-expanded={shown} data-testid={`${testId}-view`} onClick={() => setShown(!shown)}>
          {shown ? 'Hide contents' : 'Show contents'}
        </button>
      </div>
      {shown && (
        <div className="file-content">
          <label htmlFor={`${testId}-content`}>Contents of {file.filename}</label>
          <textarea id={`${testId}-content`} ref={box} readOnly rows={8} value={file.content} data-testid={`${testId}-content`} />
          <button type="button" className="secondary" data-testid={`${testId}-copy`} onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy to clipboard'}
          </button>
        </div>
      )}
    </li>
  );
}

export function DownloadFiles({ files, testIdPrefix }: { files: readonly DownloadFile[]; testIdPrefix: string }) {
  if (files.length === 0) return null;
  return (
    <ul className="files" data-testid={`${testIdPrefix}-files`} aria-label="Files ready to hand over">
      {files.map((f, i) => (
        <FileLink key={`${f.filename}-${i}`} file={f} testId={`${testIdPrefix}-file-${i}`} />
      ))}
    </ul>
  );
}
