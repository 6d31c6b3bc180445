// GET /manager/address-books/export?book=…&format=vcf|csv – a readable book as a file download
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { exportVcard } from "@/lib/addressbook/export-vcard";
import { exportCsv } from "@/lib/addressbook/export-csv";

const ExportQuery = z.object({ book: z.string().min(1).max(64), format: z.enum(["vcf", "csv"]).default("vcf") });

export async function GET(request: Request): Promise<Response> {
  const actor = await requirePrincipal();
  const url = new URL(request.url);
  const query = ExportQuery.safeParse({ book: url.searchParams.get("book") ?? undefined, format: url.searchParams.get("format") ?? undefined });
  if (!query.success) return new Response("Which book, as vcf or csv?", { status: 400 });
  const exporter = query.data.format === "csv" ? exportCsv : exportVcard;
  const body = await exporter(await getDb(), { actor, bookId: query.data.book }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const type = query.data.format === "csv" ? "text/csv; charset=utf-8" : "text/vcard; charset=utf-8";
  return new Response(body, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="contacts.${query.data.format}"`, "cache-control": "no-store" },
  });
}
