import Holidays from 'date-holidays';
import type { ConfigIssue } from '../core/config/config-issue.js';
import type { ShipgateConfig } from '../core/config/shipgate-config-schema.js';
import { ownEntry } from '../core/own-entry.js';

/**
 * Checks `holidays:` against the date-holidays data set, so a typo in the country, state or region is refused at
 * load time rather than silently producing a calendar without holidays.
 */
export function holidayCalendarIssues(holidays: ShipgateConfig['holidays']): ConfigIssue[] {
  if (holidays === undefined) return [];
  const calendar = new Holidays();
  const { country, state, region } = holidays;
  if (ownEntry(calendar.getCountries(), country) === undefined) {
    return [{ path: ['holidays', 'country'], message: `unknown holiday calendar country "${country}"` }];
  }
  if (state === undefined) {
    return region === undefined
      ? []
      : [{ path: ['holidays', 'region'], message: 'a region needs holidays.state' }];
  }
  const states = calendar.getStates(country) ?? {};
  if (ownEntry(states, state) === undefined) {
    const known = Object.keys(states).join(', ') || 'none';
    return [
      { path: ['holidays', 'state'], message: `unknown state "${state}" for ${country} (states: ${known})` },
    ];
  }
  const regions = calendar.getRegions(country, state) ?? {};
  if (region !== undefined && ownEntry(regions, region) === undefined) {
    const known = Object.keys(regions).join(', ') || 'none';
    return [
      {
        path: ['holidays', 'region'],
        message: `unknown region "${region}" for ${country}-${state} (regions: ${known})`,
      },
    ];
  }
  return [];
}
