/**
 * A fixed-row-height virtual list laid out as an ARIA grid: only the rows in view (plus a few
 * either side) are in the DOM, and their DOM nodes are recycled as the list scrolls, so 50,000
 * rows scroll like 50. Keyboard: ↑ ↓ PageUp PageDown Home End move the selection, Enter opens it.
 *
 * Geometry is set through the CSSOM (React's `style` prop), which the renderer's CSP allows;
 * style *attributes* in markup would not be.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualGridProps {
  rowCount: number;
  rowHeight: number;
  /** The cells of one row (each with role="gridcell"). */
  renderRow: (index: number) => ReactNode;
  rowClassName?: (index: number) => string;
  /** The header row's cells (each with role="columnheader"). */
  header: ReactNode;
  /** Shared by header and rows: the CSS grid template lives in the stylesheet under this class. */
  rowClass: string;
  selected: number | null;
  onSelect(index: number): void;
  onActivate?(index: number): void;
  /** The rows in view changed (first and last index, inclusive). */
  onVisibleRange?(first: number, last: number): void;
  label: string;
  testId?: string;
  overscan?: number;
  /** Scrolls back to the top when this changes (a new filter). */
  resetKey?: string;
}

export function VirtualGrid(props: VirtualGridProps) {
  const { rowCount, rowHeight, renderRow, rowClassName, header, rowClass, selected, onSelect, onActivate, onVisibleRange, label, testId, resetKey } = props;
  const overscan = props.overscan ?? 8;
  const scroller = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [headerHeight, setHeaderHeight] = useState(rowHeight);
  const baseId = useId();

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setViewport(el.clientHeight);
      if (headerRef.current) setHeaderHeight(headerRef.current.offsetHeight);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);

  const body = Math.max(0, viewport - headerHeight);
  const visibleRows = Math.max(1, Math.ceil(body / rowHeight));
  const firstVisible = Math.min(Math.max(0, rowCount - 1), Math.floor(scrollTop / rowHeight));
  const lastVisible = Math.min(rowCount - 1, firstVisible + visibleRows);
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount - 1, lastVisible + overscan);
  const pool = visibleRows + 2 * overscan + 2;

  useEffect(() => {
    if (rowCount > 0) onVisibleRange?.(firstVisible, lastVisible);
  }, [firstVisible, lastVisible, rowCount, onVisibleRange]);

  const reveal = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (!el) return;
      const top = index * rowHeight;
      const viewBody = el.clientHeight - headerHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + viewBody) el.scrollTop = top + rowHeight - viewBody;
    },
    [rowHeight, headerHeight],
  );

  const move = (index: number) => {
    if (rowCount === 0) return;
    const next = Math.max(0, Math.min(rowCount - 1, index));
    onSelect(next);
    reveal(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1),
      ArrowUp: () => move(current <= 0 ? 0 : current - 1),
      PageDown: () => move(current + visibleRows - 1),
      PageUp: () => move(current - visibleRows + 1),
      Home: () => move(0),
      End: () => move(rowCount - 1),
      Enter: () => {
        if (selected !== null && onActivate) onActivate(selected);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) {
    const isSelected = index === selected;
    rows.push(
      <div
        key={index % pool}
        id={`${baseId}-row-${index}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        className={`${rowClass} vgrid-row${isSelected ? ' is-selected' : ''}${rowClassName ? ` ${rowClassName(index)}` : ''}`}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}
        onClick={() => onSelect(index)}
        onDoubleClick={() => onActivate?.(index)}
      >
        {renderRow(index)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="vgrid"
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-activedescendant={selected !== null && selected >= first && selected <= last ? `${baseId}-row-${selected}` : undefined}
      tabIndex={0}
      data-testid={testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div ref={headerRef} role="row" aria-rowindex={1} className={`${rowClass} vgrid-header`}>
        {header}
      </div>
      <div className="vgrid-body" role="rowgroup" style={{ height: rowCount * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
