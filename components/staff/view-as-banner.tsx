/** Says, on every page of a staff member's read-only view, whose pages these are and that nothing can be changed. */
export function ViewAsBanner({ viewedAddress, staffAddress }: { viewedAddress?: string; staffAddress?: string }) {
  return (
    <div role="status" className="border-t border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="view-as-banner">
      <div className="mx-auto max-w-5xl">
        {viewedAddress ? (
          <>
            Read-only view of <strong>{viewedAddress}</strong>&apos;s pages{staffAddress ? ` (you are ${staffAddress})` : ""}. Nothing can be changed
            here; the account&apos;s audit log shows this view.{" "}
          </>
        ) : (
          <>A read-only view has expired or is no longer valid. </>
        )}
        <a href="/staff/view-as/end" className="font-medium underline">
          End view
        </a>
      </div>
    </div>
  );
}
