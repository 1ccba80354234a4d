/**
 * Platform console, in-store side: Terminal locations (on the connected account for direct charges, on the
 * platform for destination charges; created, renamed and re-addressed but never moved to another country),
 * address checks by country, IANA time zones, on-reader tipping through a Terminal configuration; registers
 * (create with a pairing code, revoke); readers (register by code, label, move with re-registration, remove,
 * live status from Stripe); staff (add, PIN, role, locations, deactivate).
 * Every change writes an audit entry, in the same transaction as the change; Stripe is called first.
 *
 * Size: locations, registers and readers are one aggregate per account (each checks the others'
 * Stripe location and country), so their use cases stay together.
 */
import {
  type CreateLocationBody,
  CreateLocationBodySchema,
  type LocationTipping,
  type PlatformAccount,
  type PlatformLocation,
  type PlatformReader,
  type PlatformRegister,
  type PlatformStaff,
  requiredAddressFields,
  type StaffRole,
  type UpdateLocationBody,
  UpdateLocationBodySchema,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import type { Reader, ReaderIntegration } from '../db/repositories/readers.repo.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type {
  ConnectGateway,
  StripeScope,
  TerminalAddress,
  TerminalLocationChanges,
  TerminalReaderView,
} from '../stripe/connect.port.ts';
import { isGatewayError } from '../stripe/payments.port.ts';
import { hashPin } from './pins.ts';
import {
  type Actor,
  type PlatformAccountsService,
  withinLiveReadTimeout,
} from './platform-accounts.service.ts';
import { consoleErrorFromGateway, forConsole } from './stripe-errors.ts';

export interface PlatformTerminalDeps {
  database: Database;
  connect: ConnectGateway;
  accounts: PlatformAccountsService;
  clock: Clock;
  ids: IdGenerator;
}

/** Simulated readers can be re-registered anywhere with their simulated code. */
const SIMULATED_CODE_BY_DEVICE: Record<string, string> = {
  simulated_wisepos_e: 'simulated-wpe',
  simulated_stripe_s700: 'simulated-s700',
  simulated_stripe_s710: 'simulated-s710',
};

const FIELD_NAMES: Record<string, string> = {
  line1: 'street address',
  city: 'city',
  state: 'state or region',
  postal_code: 'postal code',
};

/** True for an IANA zone name this runtime knows (plus UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  return timeZone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(timeZone);
}

/** Terminal objects live on the connected account for direct charges and on the platform for destination. */
export function terminalScope(account: Account): StripeScope {
  return account.chargeType === 'direct' ? account.stripeAccountId : null;
}

export function createPlatformTerminalService(deps: PlatformTerminalDeps) {
  const { database, clock, ids, connect, accounts } = deps;
  const { repos } = database;

  async function requireLocation(account: Account, locationId: string): Promise<Location> {
    const location = await repos.locations.findById(locationId);
    if (!location || location.accountId !== account.id) throw notFound('not_found', 'No such location.');
    return location;
  }

  async function requireReader(account: Account, readerId: string): Promise<Reader> {
    const reader = await repos.readers.findById(readerId);
    if (!reader || reader.accountId !== account.id || (await repos.console.isReaderRemoved(reader.id))) {
      throw notFound('reader_not_found', 'No such reader.');
    }
    return reader;
  }

  async function toPlatformLocation(location: Location): Promise<PlatformLocation> {
    const extras = await repos.console.locationExtras(location.id);
    return {
      id: location.id,
      accountId: location.accountId,
      stripeLocationId: location.stripeLocationId,
      name: location.name,
      timeZone: location.timeZone,
      address: location.address,
      taxRateBps: location.taxRateBps,
      tipping: extras.tipping,
      terminalConfigurationId: extras.terminalConfigurationId,
    };
  }

  /** Refuses an address missing a field Stripe requires in the account's country. */
  function checkAddress(account: Account, address: Record<string, string | undefined>): void {
    const missing = requiredAddressFields(account.country).filter((field) => !address[field]);
    if (missing.length > 0) {
      throw invalidRequest(
        `An address in ${account.country} needs a ${missing.map((f) => FIELD_NAMES[f] ?? f).join(', ')}.`,
      );
    }
  }

  function checkTimeZone(timeZone: string): void {
    if (!isKnownTimeZone(timeZone)) {
      throw invalidRequest(`${timeZone} is not a time zone. Use an IANA name like Europe/Paris.`);
    }
  }

  /** The address as stored and sent to Stripe: non-empty fields plus the account's country. */
  function storedAddress(account: Account, address: Record<string, string | undefined>): TerminalAddress {
    const fields = Object.entries(address).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    );
    return { ...Object.fromEntries(fields), country: account.country };
  }

  async function checkAllowedLocations(account: Account, locationIds: string[]): Promise<void> {
    for (const id of locationIds) await requireLocation(account, id);
  }

  async function saveTipping(
    account: Account,
    existingId: string | null,
    tipping: LocationTipping | null,
    key: string,
  ): Promise<string | null> {
    if (!tipping && !existingId) return null;
    return forConsole(
      connect.saveTippingConfiguration(
        terminalScope(account),
        existingId,
        tipping
          ? {
              currency: account.currency,
              percentages: tipping.percentages,
              fixedAmountsMinor: tipping.fixedAmountsMinor,
              smartTipThresholdMinor: tipping.smartTipThresholdMinor,
            }
          : null,
        key,
      ),
    );
  }

  /** Deletes the reader at Stripe; Stripe refusing (e.g. it is already gone there) lets removal go on. */
  async function deleteReaderAtStripe(scope: StripeScope, stripeReaderId: string): Promise<void> {
    try {
      await connect.deleteReader(scope, stripeReaderId);
    } catch (error) {
      const consoleError = isGatewayError(error) ? consoleErrorFromGateway(error) : error;
      if (consoleError instanceof AppError && consoleError.code === 'invalid_request') return;
      throw consoleError;
    }
  }

  /** One staff member as the console lists them (just written, so present). */
  async function staffListing(account: Account, staffId: string): Promise<PlatformStaff> {
    const listing = (await repos.console.listStaffOfAccount(account.id)).find((s) => s.id === staffId);
    if (!listing) throw notFound('not_found', 'No such staff member.');
    return listing;
  }

  return {
    // Locations ---------------------------------------------------------------------------------

    async listLocations(accountId: string): Promise<PlatformLocation[]> {
      const account = await accounts.requireAccount(accountId);
      const locations = await repos.locations.listByAccount(account.id);
      return Promise.all(locations.map(toPlatformLocation));
    },

    async createLocation(
      accountId: string,
      input: CreateLocationBody,
      actor: Actor,
    ): Promise<PlatformLocation> {
      const account = await accounts.requireAccount(accountId);
      const body = CreateLocationBodySchema.parse(input);
      checkAddress(account, body.address);
      checkTimeZone(body.timeZone);
      const id = ids.newId('loc');
      const configurationId = await saveTipping(account, null, body.tipping, `${id}-tipping-config`);
      const address = storedAddress(account, body.address);
      const stripeLocation = await forConsole(
        connect.createLocation(
          terminalScope(account),
          {
            displayName: `${account.businessName} — ${body.name}`,
            address,
            configurationId,
            metadata: { countertop_location_id: id, connected_account: account.stripeAccountId },
          },
          `${id}-create-location`,
        ),
      );
      await database.transaction(async (tx) => {
        await tx.locations.insert(
          {
            id,
            accountId: account.id,
            stripeLocationId: stripeLocation.id,
            name: body.name,
            timeZone: body.timeZone,
            address,
            taxRateBps: body.taxRateBps,
          },
          clock.nowMs(),
        );
        await tx.console.setLocationExtras(id, {
          tipping: body.tipping,
          terminalConfigurationId: configurationId,
        });
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'location.created', `location ${id}`, {
            name: body.name,
            timeZone: body.timeZone,
            address,
            tipping: body.tipping,
          }),
        );
      });
      return toPlatformLocation(await requireLocation(account, id));
    },

    /**
     * Renames, re-addresses and/or re-zones a location. Name and address are updated on the Stripe Terminal
     * Location first (same account scope as creation); a different country is refused, as Stripe does.
     */
    async updateLocation(
      accountId: string,
      locationId: string,
      input: UpdateLocationBody,
      actor: Actor,
    ): Promise<PlatformLocation> {
      const account = await accounts.requireAccount(accountId);
      const location = await requireLocation(account, locationId);
      const body = UpdateLocationBodySchema.parse(input);
      const { country, ...addressFields } = body.address ?? {};
      if (country !== undefined && country !== account.country) {
        throw invalidRequest(
          `A location's country cannot change (this one is in ${account.country}). Create a new location in ${country} instead.`,
        );
      }
      if (body.address) checkAddress(account, addressFields);
      if (body.timeZone !== undefined) checkTimeZone(body.timeZone);
      const name = body.name ?? location.name;
      const timeZone = body.timeZone ?? location.timeZone;
      const address = body.address ? storedAddress(account, addressFields) : location.address;
      const changes: TerminalLocationChanges = {
        ...(body.name !== undefined ? { displayName: `${account.businessName} — ${name}` } : {}),
        ...(body.address ? { address: storedAddress(account, addressFields) } : {}),
      };
      if (location.stripeLocationId && Object.keys(changes).length > 0) {
        await forConsole(
          connect.updateLocation(
            terminalScope(account),
            location.stripeLocationId,
            changes,
            `${location.id}-update-${ids.newId('req')}`,
          ),
        );
      }
      await database.transaction(async (tx) => {
        await tx.locations.update(location.id, { name, timeZone, address });
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'location.updated', `location ${location.id}`, {
            before: { name: location.name, timeZone: location.timeZone, address: location.address },
            after: { name, timeZone, address },
          }),
        );
      });
      return toPlatformLocation(await requireLocation(account, location.id));
    },

    async setLocationTipping(
      accountId: string,
      locationId: string,
      tipping: LocationTipping | null,
      actor: Actor,
    ): Promise<PlatformLocation> {
      const account = await accounts.requireAccount(accountId);
      const location = await requireLocation(account, locationId);
      const extras = await repos.console.locationExtras(location.id);
      const configurationId = await saveTipping(
        account,
        extras.terminalConfigurationId,
        tipping,
        `${location.id}-tipping-config`,
      );
      if (configurationId && !extras.terminalConfigurationId && location.stripeLocationId) {
        await forConsole(
          connect.updateLocation(terminalScope(account), location.stripeLocationId, { configurationId }),
        );
      }
      await database.transaction(async (tx) => {
        await tx.console.setLocationExtras(location.id, {
          tipping,
          terminalConfigurationId: configurationId,
        });
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'location.tipping_updated', `location ${location.id}`, {
            before: extras.tipping,
            after: tipping,
          }),
        );
      });
      return toPlatformLocation(location);
    },

    /** The counter's own tip prompt (percentages shown on the register screen). */
    async setCounterTipping(
      accountId: string,
      tipping: { enabled: boolean; percentages: number[] },
      actor: Actor,
    ): Promise<PlatformAccount> {
      const account = await accounts.requireAccount(accountId);
      await database.transaction(async (tx) => {
        await tx.console.setAccountTipping(account.id, tipping, clock.nowMs());
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'account.counter_tipping_updated', `account ${account.id}`, {
            before: account.tipping,
            after: tipping,
          }),
        );
      });
      return accounts.toPlatformAccount(await accounts.requireAccount(account.id));
    },

    // Registers -----------------------------------------------------------------------------------

    async listRegisters(accountId: string): Promise<PlatformRegister[]> {
      const account = await accounts.requireAccount(accountId);
      const registers = await repos.console.listRegistersOfAccount(account.id);
      const devices = await repos.registerDevices.countDevices(registers.map((register) => register.id));
      return registers.map((register) => ({
        id: register.id,
        code: register.code,
        name: register.name,
        locationId: register.locationId,
        revoked: register.revokedAtMs !== null,
        createdAt: new Date(register.createdAtMs).toISOString(),
        pairedDevices: devices.get(register.id) ?? 0,
      }));
    },

    async createRegister(
      accountId: string,
      body: { name: string; locationId: string; code: string },
      actor: Actor,
    ): Promise<PlatformRegister> {
      const account = await accounts.requireAccount(accountId);
      const location = await requireLocation(account, body.locationId);
      if (await repos.registers.findByCode(body.code)) {
        throw conflict('conflict', `The register code ${body.code} is already used. Choose another.`);
      }
      const id = ids.newId('reg');
      const register = await database.transaction(async (tx) => {
        const created = await tx.registers.insert(
          { id, code: body.code, name: body.name, locationId: location.id },
          clock.nowMs(),
        );
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'register.created', `register ${id}`, {
            code: body.code,
            name: body.name,
            locationId: location.id,
          }),
        );
        return created;
      });
      return {
        id: register.id,
        code: register.code,
        name: register.name,
        locationId: register.locationId,
        revoked: false,
        createdAt: new Date(register.createdAtMs).toISOString(),
        pairedDevices: 0,
      };
    },

    async revokeRegister(accountId: string, registerId: string, actor: Actor): Promise<void> {
      const account = await accounts.requireAccount(accountId);
      const register = await repos.registers.findById(registerId);
      const location = register && (await repos.locations.findById(register.locationId));
      if (!register || location?.accountId !== account.id) throw notFound('not_found', 'No such register.');
      await database.transaction(async (tx) => {
        await tx.registers.revoke(register.id, clock.nowMs());
        // Its devices are unpaired and their sessions end with it, at once.
        await tx.sessions.deleteByRegister(register.id);
        await tx.registerDevices.deleteDevicesOfRegister(register.id);
        await tx.registerDevices.deleteOpenPairingCodes(register.id);
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'register.revoked', `register ${register.id}`, {
            code: register.code,
          }),
        );
      });
    },

    // Readers -------------------------------------------------------------------------------------

    /**
     * The account's readers with their live status read from Stripe (not stored); a reader Stripe does
     * not describe within `LIVE_READ_TIMEOUT_MS` (or at all) shows a null status.
     */
    async listReaders(accountId: string): Promise<PlatformReader[]> {
      const account = await accounts.requireAccount(accountId);
      const scope = terminalScope(account);
      const readers = await repos.console.listReadersOfAccount(account.id);
      return Promise.all(
        readers.map(async (reader) => {
          let live: TerminalReaderView | null = null;
          try {
            live = await withinLiveReadTimeout(connect.retrieveReader(scope, reader.stripeReaderId));
          } catch (error) {
            if (!isGatewayError(error)) throw error;
          }
          return {
            id: reader.id,
            stripeReaderId: reader.stripeReaderId,
            label: reader.label,
            deviceType: reader.deviceType,
            integration: reader.integration,
            locationId: reader.locationId,
            status: live?.status ?? null,
            lastSeenAt: live?.lastSeenAtMs ? new Date(live.lastSeenAtMs).toISOString() : null,
            busyWith: live?.busyWith ?? null,
            heldByRegister: await repos.console.registerHoldingReader(reader.id),
          };
        }),
      );
    },

    async registerReader(
      accountId: string,
      body: { registrationCode: string; label: string; locationId: string; integration: ReaderIntegration },
      actor: Actor,
    ): Promise<PlatformReader> {
      const account = await accounts.requireAccount(accountId);
      const location = await requireLocation(account, body.locationId);
      if (!location.stripeLocationId) throw invalidRequest('This location has no Stripe Terminal location.');
      const id = ids.newId('rdr');
      const stripeReader = await forConsole(
        connect.registerReader(
          terminalScope(account),
          {
            registrationCode: body.registrationCode,
            label: body.label,
            stripeLocationId: location.stripeLocationId,
          },
          `${id}-register-reader`,
        ),
      );
      await database.transaction(async (tx) => {
        await tx.readers.insert(
          {
            id,
            accountId: account.id,
            locationId: location.id,
            stripeReaderId: stripeReader.id,
            label: body.label,
            deviceType: stripeReader.deviceType,
            integration: body.integration,
          },
          clock.nowMs(),
        );
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'reader.registered', `reader ${id}`, {
            label: body.label,
            locationId: location.id,
            deviceType: stripeReader.deviceType,
            integration: body.integration,
            stripeReaderId: stripeReader.id,
          }),
        );
      });
      return {
        id,
        stripeReaderId: stripeReader.id,
        label: body.label,
        deviceType: stripeReader.deviceType,
        integration: body.integration,
        locationId: location.id,
        status: stripeReader.status,
        lastSeenAt: stripeReader.lastSeenAtMs ? new Date(stripeReader.lastSeenAtMs).toISOString() : null,
        busyWith: null,
        heldByRegister: null,
      };
    },

    /** Relabels and/or moves a reader; moving re-registers it at the new location (Stripe has no move). */
    async updateReader(
      accountId: string,
      readerId: string,
      body: { label?: string; locationId?: string; registrationCode?: string },
      actor: Actor,
    ): Promise<void> {
      const account = await accounts.requireAccount(accountId);
      const reader = await requireReader(account, readerId);
      const scope = terminalScope(account);
      const label = body.label ?? reader.label;
      if (body.locationId && body.locationId !== reader.locationId) {
        const target = await requireLocation(account, body.locationId);
        const targetStripeLocationId = target.stripeLocationId;
        if (!targetStripeLocationId) throw invalidRequest('That location has no Stripe Terminal location.');
        const code = body.registrationCode ?? SIMULATED_CODE_BY_DEVICE[reader.deviceType];
        if (!code) {
          throw invalidRequest(
            'Moving a physical reader needs a new registration code from the reader (Settings › Generate pairing code).',
          );
        }
        await deleteReaderAtStripe(scope, reader.stripeReaderId);
        const moved = await forConsole(
          connect.registerReader(
            scope,
            { registrationCode: code, label, stripeLocationId: targetStripeLocationId },
            `${reader.id}-move-${target.id}-${clock.nowMs()}`,
          ),
        );
        await database.transaction(async (tx) => {
          await tx.console.moveReader(reader.id, target.id, moved.id);
          if (label !== reader.label) await tx.console.relabelReader(reader.id, label);
          await tx.audit.record(
            accounts.auditEntry(actor, account.id, 'reader.moved', `reader ${reader.id}`, {
              from: reader.locationId,
              to: target.id,
              stripeReaderId: moved.id,
            }),
          );
        });
        return;
      }
      const newLabel = body.label;
      if (newLabel && newLabel !== reader.label) {
        await forConsole(connect.updateReaderLabel(scope, reader.stripeReaderId, newLabel));
        await database.transaction(async (tx) => {
          await tx.console.relabelReader(reader.id, newLabel);
          await tx.audit.record(
            accounts.auditEntry(actor, account.id, 'reader.relabeled', `reader ${reader.id}`, {
              before: reader.label,
              after: newLabel,
            }),
          );
        });
      }
    },

    async removeReader(accountId: string, readerId: string, actor: Actor): Promise<void> {
      const account = await accounts.requireAccount(accountId);
      const reader = await requireReader(account, readerId);
      await deleteReaderAtStripe(terminalScope(account), reader.stripeReaderId);
      await database.transaction(async (tx) => {
        await tx.console.removeReader(reader.id, clock.nowMs());
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'reader.removed', `reader ${reader.id}`, {
            label: reader.label,
          }),
        );
      });
    },

    // Staff ---------------------------------------------------------------------------------------

    async listStaff(accountId: string): Promise<PlatformStaff[]> {
      const account = await accounts.requireAccount(accountId);
      return repos.console.listStaffOfAccount(account.id);
    },

    async addStaff(
      accountId: string,
      body: { displayName: string; role: StaffRole; pin: string; locationIds: string[] },
      actor: Actor,
    ): Promise<PlatformStaff> {
      const account = await accounts.requireAccount(accountId);
      await checkAllowedLocations(account, body.locationIds);
      const pin = await hashPin(body.pin);
      const id = ids.newId('stf');
      await database.transaction(async (tx) => {
        await tx.staff.insert(
          {
            id,
            accountId: account.id,
            displayName: body.displayName,
            role: body.role,
            pinHash: pin.hash,
            pinSalt: pin.salt,
            locationIds: body.locationIds,
          },
          clock.nowMs(),
        );
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'staff.added', `staff ${id}`, {
            displayName: body.displayName,
            role: body.role,
            locationIds: body.locationIds,
          }),
        );
      });
      return staffListing(account, id);
    },

    async updateStaff(
      accountId: string,
      staffId: string,
      body: { role?: StaffRole; pin?: string; locationIds?: string[]; active?: boolean },
      actor: Actor,
    ): Promise<PlatformStaff> {
      const account = await accounts.requireAccount(accountId);
      const staff = await repos.staff.findById(staffId);
      if (!staff || staff.accountId !== account.id) throw notFound('not_found', 'No such staff member.');
      if (body.locationIds) await checkAllowedLocations(account, body.locationIds);
      const pin = body.pin ? await hashPin(body.pin) : null;
      await database.transaction(async (tx) => {
        if (body.role) await tx.console.setStaffRole(staff.id, body.role);
        if (pin) await tx.staff.setPin(staff.id, pin.hash, pin.salt);
        if (body.locationIds) await tx.console.setStaffLocations(staff.id, body.locationIds);
        if (body.active !== undefined) await tx.staff.setActive(staff.id, body.active);
        // A new PIN, role or locations, or a deactivation, ends the staff member's sessions at once.
        if (body.role || pin || body.locationIds || body.active !== undefined) {
          await tx.sessions.deleteByStaff(staff.id);
        }
        await tx.audit.record(
          accounts.auditEntry(actor, account.id, 'staff.updated', `staff ${staff.id}`, {
            ...(body.role ? { role: body.role } : {}),
            ...(pin ? { pinChanged: true } : {}),
            ...(body.locationIds ? { locationIds: body.locationIds } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
          }),
        );
      });
      return staffListing(account, staff.id);
    },
  };
}

export type PlatformTerminalService = ReturnType<typeof createPlatformTerminalService>;
