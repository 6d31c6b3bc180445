"use client";

import { blockSenderAction } from "@/app/(private)/manager/block-list/actions";
import { DeliveryForm } from "@/components/manager-delivery/delivery-form";

/**
 * "Block sender" beside a message or a reject-log row: one click adds the address to the account's
 * block list (managers only; the caller shows it only to them), with the outcome under the button.
 */
export function BlockSenderButton({ address }: { address: string }) {
  return (
    <DeliveryForm action={blockSenderAction} submitLabel={`Block ${address}`} isDanger isInline testId="block-sender">
      <input type="hidden" name="address" value={address} />
    </DeliveryForm>
  );
}
