import { DeliveryForm } from "@/components/manager-delivery/delivery-form";
import { allowSenderAction, blockSenderAction } from "@/app/(private)/reports/actions";

/** A row's actions: allow the sender for the row's mailbox, block it for the account (managers). */
export function RejectRowActions({ rejectId, canAllow, canBlock }: { rejectId: string; canAllow: boolean; canBlock: boolean }) {
  return (
    <div className="flex flex-col gap-1">
      {canAllow && (
        <DeliveryForm action={allowSenderAction} submitLabel="Allow sender" isInline testId={`allow-${rejectId}`}>
          <input type="hidden" name="rejectId" value={rejectId} />
        </DeliveryForm>
      )}
      {canBlock && (
        <DeliveryForm action={blockSenderAction} submitLabel="Block sender" isDanger isInline testId={`block-${rejectId}`}>
          <input type="hidden" name="rejectId" value={rejectId} />
        </DeliveryForm>
      )}
    </div>
  );
}
