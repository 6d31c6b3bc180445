export type UploadedFile = { id: string; name: string; size: number; type: string };

/**
 * Uploads one file to /api/mail/uploads. XMLHttpRequest rather than fetch: only it reports upload
 * progress. Rejects with the server's `{ error }` message (413 over the size limit).
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/mail/uploads");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const body = request.response as (UploadedFile & { error?: string }) | null;
      if (request.status === 201 && body) resolve(body);
      else reject(new Error(body?.error ?? `The upload failed (${request.status}).`));
    });
    request.addEventListener("error", () => reject(new Error("The upload failed: the connection was lost.")));
    const form = new FormData();
    form.append("file", file);
    request.send(form);
  });
}
