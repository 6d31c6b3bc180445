"use client";
// "Page delivered in 0.004 seconds": measured for real, in the reader's browser, from its request to
// the last byte of the page (Navigation Timing). The page itself is served from a cache, so the
// server's own render time would say nothing about this delivery.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

function deliverySeconds(): string {
  const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  if (!navigation || navigation.responseEnd <= 0) return "";
  return ((navigation.responseEnd - navigation.requestStart) / 1000).toFixed(3);
}

export function DeliveredIn() {
  const seconds = useSyncExternalStore(noSubscription, deliverySeconds, () => "");
  return (
    <footer className="mx-auto max-w-3xl px-4 pb-8 text-xs text-slate-500" data-testid="delivered-in">
      {seconds ? `Page delivered in ${seconds} seconds` : " "}
    </footer>
  );
}
