import Link from "next/link";

/** "Page 2 of 5 (120 accounts)" between links to the pages before and after; nothing for a single page. */
export function Pager(props: { page: number; pageSize: number; total: number; noun: string; hrefFor: (page: number) => string; previousLabel?: string; nextLabel?: string }) {
  const pageCount = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pageCount <= 1) return null;
  return (
    <nav className="flex items-center gap-4 text-sm" aria-label="Pages">
      {props.page > 1 && (
        <Link href={props.hrefFor(props.page - 1)} className="text-blue-700 underline">
          {props.previousLabel ?? "Previous"}
        </Link>
      )}
      <span className="text-slate-600">
        Page {props.page} of {pageCount} ({props.total} {props.noun})
      </span>
      {props.page < pageCount && (
        <Link href={props.hrefFor(props.page + 1)} className="text-blue-700 underline">
          {props.nextLabel ?? "Next"}
        </Link>
      )}
    </nav>
  );
}
