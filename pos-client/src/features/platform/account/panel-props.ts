/** The props the account page hands its panels. */
import type { PlatformAccount, PlatformLocation } from '@countertop/shared';
import type { PlatformApi } from '../platform-api.ts';

/** A panel that changes the account itself; `onChanged` reloads the account after a change. */
export interface AccountPanelProps {
  api: PlatformApi;
  account: PlatformAccount;
  onChanged: () => void;
}

/** A panel that lists and adds one kind of the account's resources, placed at its locations. */
export interface ResourcePanelProps {
  api: PlatformApi;
  accountId: string;
  locations: readonly PlatformLocation[];
}
