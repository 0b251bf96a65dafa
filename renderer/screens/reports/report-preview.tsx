/** The pages of a PDF, rendered by the services one at a time, with page navigation. */
import { useState } from 'react';
import { baseName } from '../../app/format.js';
import { useCall } from '../../app/use-call.js';
import { ErrorNote, Loading } from '../../components/error-note.js';

export function ReportPreview({ file, onClose }: { file: string; onClose(): void }) {
  const [page, setPage] = useState(1);
  const preview = useCall('reports.preview', { file, page, width: 900 });
  const count = preview.data?.pageCount ?? null;
  return (
    <section className="panel preview" aria-labelledby="preview-title" data-testid="report-preview">
      <div className="preview-bar">
        <h3 id="preview-title">Preview of {baseName(file)}</h3>
        <div className="preview-nav">
          <button type="button" className="button button-small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)} aria-label="Previous page">
            ‹ Previous
          </button>
          <span role="status" data-testid="preview-page">
            Page {page}
            {count !== null && ` of ${count}`}
          </span>
          <button type="button" className="button button-small" disabled={count !== null && page >= count} onClick={() => setPage((p) => p + 1)} aria-label="Next page">
            Next ›
          </button>
          <button type="button" className="button button-small button-quiet" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {preview.loading && <Loading what={`page ${page}`} />}
      <ErrorNote error={preview.error} title="The page could not be rendered" />
      {preview.data && preview.data.page === page && (
        <img className="preview-page" src={preview.data.image} width={preview.data.width} height={preview.data.height} alt={`Page ${page} of ${baseName(file)}`} />
      )}
    </section>
  );
}
