/**
 * Platform console, in-store side: Terminal locations (on the connected account for direct charges, on the
 * platform for destination charges; created, renamed and re-addressed but never moved to another country),
 * address checks by country, IANA time zones, on-reader tipping through a Terminal configuration; registers
 * (create with a pairing code, revoke); readers (register by code, label, move with re-registration, remove,
 * live status from Stripe); staff (add, PIN, role, locations, deactivate).
 * Every change writes an audit entry.
 */
import {
  type CreateLocationBody,
  CreateLocationBodySchema,
  type LocationTipping,
  type PlatformLocation,
  type PlatformReader,
  type PlatformRegister,
  type PlatformStaff,
  requiredAddressFields,
  type StaffRole,
  type UpdateLocationBody,
  UpdateLocationBodySchema,
} from '@countertop/shared';
import type Stripe from 'stripe';
import type { Account } from '../db/accounts.repo.ts';
import type { Location } from '../db/locations.repo.ts';
import type { Db } from '../db/open.ts';
import type { PlatformConsoleRepo } from '../db/platform-console.repo.ts';
import type { Reader, ReaderIntegration } from '../db/readers.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { ConnectGateway, StripeScope } from '../stripe/connect-gateway.ts';
import { hashPin } from './pins.ts';
import type { Actor, PlatformAccountsService } from './platform-accounts.service.ts';

export interface PlatformTerminalDeps {
  db: Db;
  repos: FoundationRepos & { console: PlatformConsoleRepo };
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

function liveStatus(status: string | null | undefined): 'online' | 'offline' | null {
  return status === 'online' ? 'online' : status === 'offline' ? 'offline' : null;
}

/** Terminal objects live on the connected account for direct charges and on the platform for destination. */
export function terminalScope(account: Account): StripeScope {
  return account.chargeType === 'direct' ? account.stripeAccountId : null;
}

export function createPlatformTerminalService(deps: PlatformTerminalDeps) {
  const { repos, clock, ids, connect, accounts } = deps;

  function requireLocation(account: Account, locationId: string): Location {
    const location = repos.locations.findById(locationId);
    if (!location || location.accountId !== account.id) throw notFound('not_found', 'No such location.');
    return location;
  }

  function requireReader(account: Account, readerId: string): Reader {
    const reader = repos.readers.findById(readerId);
    if (!reader || reader.accountId !== account.id || repos.console.isReaderRemoved(reader.id)) {
      throw notFound('reader_not_found', 'No such reader.');
    }
    return reader;
  }

  function toPlatformLocation(location: Location): PlatformLocation {
    const extras = repos.console.locationExtras(location.id);
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
  function storedAddress(account: Account, address: Record<string, string | undefined>) {
    return Object.fromEntries(
      Object.entries({ ...address, country: account.country }).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
      ),
    );
  }

  function checkAllowedLocations(account: Account, locationIds: string[]): void {
    for (const id of locationIds) requireLocation(account, id);
  }

  async function saveTipping(
    account: Account,
    existingId: string | null,
    tipping: LocationTipping | null,
    key: string,
  ): Promise<string | null> {
    if (!tipping && !existingId) return null;
    return connect.saveTippingConfiguration(
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
    );
  }

  return {
    // Locations ---------------------------------------------------------------------------------

    listLocations(accountId: string): PlatformLocation[] {
      const account = accounts.requireAccount(accountId);
      return repos.locations.listByAccount(account.id).map(toPlatformLocation);
    },

    async createLocation(
      accountId: string,
      input: CreateLocationBody,
      actor: Actor,
    ): Promise<PlatformLocation> {
      const account = accounts.requireAccount(accountId);
      const body = CreateLocationBodySchema.parse(input);
      checkAddress(account, body.address);
      checkTimeZone(body.timeZone);
      const id = ids.newId('loc');
      const scope = terminalScope(account);
      const configurationId = await saveTipping(account, null, body.tipping, `${id}-tipping-config`);
      const address = storedAddress(account, body.address);
      const stripeLocation = await connect.createLocation(
        scope,
        {
          display_name: `${account.businessName} — ${body.name}`,
          address: { ...address, country: account.country },
          ...(configurationId ? { configuration_overrides: configurationId } : {}),
          metadata: { countertop_location_id: id, connected_account: account.stripeAccountId },
        },
        `${id}-create-location`,
      );
      deps.db.transaction(() => {
        repos.locations.insert(
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
        repos.console.setLocationExtras(id, {
          tipping: body.tipping,
          terminalConfigurationId: configurationId,
        });
        accounts.audit(actor, account.id, 'location.created', `location ${id}`, {
          name: body.name,
          timeZone: body.timeZone,
          address,
          tipping: body.tipping,
        });
      })();
      return toPlatformLocation(requireLocation(account, id));
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
      const account = accounts.requireAccount(accountId);
      const location = requireLocation(account, locationId);
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
      const params: Stripe.Terminal.LocationUpdateParams = {
        ...(body.name !== undefined ? { display_name: `${account.businessName} — ${name}` } : {}),
        // line2 is sent empty to clear it; Stripe keeps sub-fields that are not sent.
        ...(body.address ? { address: { line2: '', ...address } } : {}),
      };
      if (location.stripeLocationId && Object.keys(params).length > 0) {
        await connect.updateLocation(
          terminalScope(account),
          location.stripeLocationId,
          params,
          `${location.id}-update-${ids.newId('req')}`,
        );
      }
      deps.db.transaction(() => {
        repos.locations.update(location.id, { name, timeZone, address });
        accounts.audit(actor, account.id, 'location.updated', `location ${location.id}`, {
          before: { name: location.name, timeZone: location.timeZone, address: location.address },
          after: { name, timeZone, address },
        });
      })();
      return toPlatformLocation(requireLocation(account, location.id));
    },

    async setLocationTipping(
      accountId: string,
      locationId: string,
      tipping: LocationTipping | null,
      actor: Actor,
    ): Promise<PlatformLocation> {
      const account = accounts.requireAccount(accountId);
      const location = requireLocation(account, locationId);
      const extras = repos.console.locationExtras(location.id);
      const configurationId = await saveTipping(
        account,
        extras.terminalConfigurationId,
        tipping,
        `${location.id}-tipping-config`,
      );
      if (configurationId && !extras.terminalConfigurationId && location.stripeLocationId) {
        await connect.updateLocation(terminalScope(account), location.stripeLocationId, {
          configuration_overrides: configurationId,
        });
      }
      deps.db.transaction(() => {
        repos.console.setLocationExtras(location.id, { tipping, terminalConfigurationId: configurationId });
        accounts.audit(actor, account.id, 'location.tipping_updated', `location ${location.id}`, {
          before: extras.tipping,
          after: tipping,
        });
      })();
      return toPlatformLocation(location);
    },

    /** The counter's own tip prompt (percentages shown on the register screen). */
    setCounterTipping(accountId: string, tipping: { enabled: boolean; percentages: number[] }, actor: Actor) {
      const account = accounts.requireAccount(accountId);
      deps.db.transaction(() => {
        repos.console.setAccountTipping(account.id, tipping, clock.nowMs());
        accounts.audit(actor, account.id, 'account.counter_tipping_updated', `account ${account.id}`, {
          before: account.tipping,
          after: tipping,
        });
      })();
      return accounts.toPlatformAccount(accounts.requireAccount(account.id));
    },

    // Registers -----------------------------------------------------------------------------------

    listRegisters(accountId: string): PlatformRegister[] {
      const account = accounts.requireAccount(accountId);
      return repos.console.listRegistersOfAccount(account.id).map((register) => ({
        id: register.id,
        code: register.code,
        name: register.name,
        locationId: register.locationId,
        revoked: register.revokedAtMs !== null,
        createdAt: new Date(register.createdAtMs).toISOString(),
      }));
    },

    createRegister(
      accountId: string,
      body: { name: string; locationId: string; code: string },
      actor: Actor,
    ): PlatformRegister {
      const account = accounts.requireAccount(accountId);
      const location = requireLocation(account, body.locationId);
      if (repos.registers.findByCode(body.code)) {
        throw conflict('conflict', `The pairing code ${body.code} is already used. Choose another.`);
      }
      const id = ids.newId('reg');
      const register = deps.db.transaction(() => {
        const created = repos.registers.insert(
          { id, code: body.code, name: body.name, locationId: location.id },
          clock.nowMs(),
        );
        accounts.audit(actor, account.id, 'register.created', `register ${id}`, {
          code: body.code,
          name: body.name,
          locationId: location.id,
        });
        return created;
      })();
      return {
        id: register.id,
        code: register.code,
        name: register.name,
        locationId: register.locationId,
        revoked: false,
        createdAt: new Date(register.createdAtMs).toISOString(),
      };
    },

    revokeRegister(accountId: string, registerId: string, actor: Actor): void {
      const account = accounts.requireAccount(accountId);
      const register = repos.registers.findById(registerId);
      const location = register && repos.locations.findById(register.locationId);
      if (!register || location?.accountId !== account.id) throw notFound('not_found', 'No such register.');
      deps.db.transaction(() => {
        repos.registers.revoke(register.id, clock.nowMs());
        accounts.audit(actor, account.id, 'register.revoked', `register ${register.id}`, {
          code: register.code,
        });
      })();
    },

    // Readers -------------------------------------------------------------------------------------

    /** The account's readers with live status from Stripe (null status when Stripe cannot be asked). */
    async listReaders(accountId: string): Promise<PlatformReader[]> {
      const account = accounts.requireAccount(accountId);
      const scope = terminalScope(account);
      return Promise.all(
        repos.console.listReadersOfAccount(account.id).map(async (reader) => {
          let live: Stripe.Terminal.Reader | null = null;
          try {
            const found = await connect.retrieveReader(scope, reader.stripeReaderId);
            live = 'deleted' in found && found.deleted ? null : (found as Stripe.Terminal.Reader);
          } catch {
            live = null;
          }
          return {
            id: reader.id,
            stripeReaderId: reader.stripeReaderId,
            label: reader.label,
            deviceType: reader.deviceType,
            integration: reader.integration,
            locationId: reader.locationId,
            status: liveStatus(live?.status),
            lastSeenAt: live?.last_seen_at ? new Date(live.last_seen_at).toISOString() : null,
            busyWith: live?.action && live.action.status === 'in_progress' ? live.action.type : null,
            heldByRegister: repos.console.registerHoldingReader(reader.id),
          };
        }),
      );
    },

    async registerReader(
      accountId: string,
      body: { registrationCode: string; label: string; locationId: string; integration: ReaderIntegration },
      actor: Actor,
    ): Promise<PlatformReader> {
      const account = accounts.requireAccount(accountId);
      const location = requireLocation(account, body.locationId);
      if (!location.stripeLocationId) throw invalidRequest('This location has no Stripe Terminal location.');
      const id = ids.newId('rdr');
      const stripeReader = await connect.registerReader(
        terminalScope(account),
        { registrationCode: body.registrationCode, label: body.label, location: location.stripeLocationId },
        `${id}-register-reader`,
      );
      deps.db.transaction(() => {
        repos.readers.insert(
          {
            id,
            accountId: account.id,
            locationId: location.id,
            stripeReaderId: stripeReader.id,
            label: body.label,
            deviceType: stripeReader.device_type,
            integration: body.integration,
          },
          clock.nowMs(),
        );
        accounts.audit(actor, account.id, 'reader.registered', `reader ${id}`, {
          label: body.label,
          locationId: location.id,
          deviceType: stripeReader.device_type,
          integration: body.integration,
          stripeReaderId: stripeReader.id,
        });
      })();
      return {
        id,
        stripeReaderId: stripeReader.id,
        label: body.label,
        deviceType: stripeReader.device_type,
        integration: body.integration,
        locationId: location.id,
        status: liveStatus(stripeReader.status),
        lastSeenAt: stripeReader.last_seen_at ? new Date(stripeReader.last_seen_at).toISOString() : null,
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
      const account = accounts.requireAccount(accountId);
      const reader = requireReader(account, readerId);
      const scope = terminalScope(account);
      const label = body.label ?? reader.label;
      if (body.locationId && body.locationId !== reader.locationId) {
        const target = requireLocation(account, body.locationId);
        if (!target.stripeLocationId) throw invalidRequest('That location has no Stripe Terminal location.');
        const code = body.registrationCode ?? SIMULATED_CODE_BY_DEVICE[reader.deviceType];
        if (!code) {
          throw invalidRequest(
            'Moving a physical reader needs a new registration code from the reader (Settings › Generate pairing code).',
          );
        }
        await connect.deleteReader(scope, reader.stripeReaderId).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'invalid_request')) throw error;
        });
        const moved = await connect.registerReader(
          scope,
          { registrationCode: code, label, location: target.stripeLocationId },
          `${reader.id}-move-${target.id}-${clock.nowMs()}`,
        );
        deps.db.transaction(() => {
          repos.console.moveReader(reader.id, target.id, moved.id);
          if (label !== reader.label) repos.console.relabelReader(reader.id, label);
          accounts.audit(actor, account.id, 'reader.moved', `reader ${reader.id}`, {
            from: reader.locationId,
            to: target.id,
            stripeReaderId: moved.id,
          });
        })();
        return;
      }
      if (body.label && body.label !== reader.label) {
        await connect.updateReaderLabel(scope, reader.stripeReaderId, body.label);
        deps.db.transaction(() => {
          repos.console.relabelReader(reader.id, body.label ?? reader.label);
          accounts.audit(actor, account.id, 'reader.relabeled', `reader ${reader.id}`, {
            before: reader.label,
            after: body.label,
          });
        })();
      }
    },

    async removeReader(accountId: string, readerId: string, actor: Actor): Promise<void> {
      const account = accounts.requireAccount(accountId);
      const reader = requireReader(account, readerId);
      await connect.deleteReader(terminalScope(account), reader.stripeReaderId).catch((error: unknown) => {
        // Already gone at Stripe: remove it here too.
        if (!(error instanceof AppError && error.code === 'invalid_request')) throw error;
      });
      deps.db.transaction(() => {
        repos.console.removeReader(reader.id, clock.nowMs());
        accounts.audit(actor, account.id, 'reader.removed', `reader ${reader.id}`, { label: reader.label });
      })();
    },

    // Staff ---------------------------------------------------------------------------------------

    listStaff(accountId: string): PlatformStaff[] {
      const account = accounts.requireAccount(accountId);
      return repos.console.listStaffOfAccount(account.id);
    },

    async addStaff(
      accountId: string,
      body: { displayName: string; role: StaffRole; pin: string; locationIds: string[] },
      actor: Actor,
    ): Promise<PlatformStaff> {
      const account = accounts.requireAccount(accountId);
      checkAllowedLocations(account, body.locationIds);
      const pin = await hashPin(body.pin);
      const id = ids.newId('stf');
      deps.db.transaction(() => {
        repos.staff.insert(
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
        accounts.audit(actor, account.id, 'staff.added', `staff ${id}`, {
          displayName: body.displayName,
          role: body.role,
          locationIds: body.locationIds,
        });
      })();
      return repos.console.listStaffOfAccount(account.id).find((s) => s.id === id)!;
    },

    async updateStaff(
      accountId: string,
      staffId: string,
      body: { role?: StaffRole; pin?: string; locationIds?: string[]; active?: boolean },
      actor: Actor,
    ): Promise<PlatformStaff> {
      const account = accounts.requireAccount(accountId);
      const staff = repos.staff.findById(staffId);
      if (!staff || staff.accountId !== account.id) throw notFound('not_found', 'No such staff member.');
      if (body.locationIds) checkAllowedLocations(account, body.locationIds);
      const pin = body.pin ? await hashPin(body.pin) : null;
      deps.db.transaction(() => {
        if (body.role) repos.console.setStaffRole(staff.id, body.role);
        if (pin) repos.staff.setPin(staff.id, pin.hash, pin.salt);
        if (body.locationIds) repos.console.setStaffLocations(staff.id, body.locationIds);
        if (body.active !== undefined) repos.staff.setActive(staff.id, body.active);
        accounts.audit(actor, account.id, 'staff.updated', `staff ${staff.id}`, {
          ...(body.role ? { role: body.role } : {}),
          ...(pin ? { pinChanged: true } : {}),
          ...(body.locationIds ? { locationIds: body.locationIds } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        });
      })();
      return repos.console.listStaffOfAccount(account.id).find((s) => s.id === staff.id)!;
    },
  };
}

export type PlatformTerminalService = ReturnType<typeof createPlatformTerminalService>;
