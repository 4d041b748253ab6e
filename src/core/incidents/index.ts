/**
 * The pure incident domain (chapter 6): ids and channel names, the incident lifecycle, the event log contract and
 * its fold, severity clocks and their re-planning, the timeline, and the post-incident report with its figures.
 */
export * from './channel-name.js';
export * from './incident-clocks.js';
export * from './incident-deadlines.js';
export * from './incident-figures.js';
export * from './incident-id.js';
export * from './incident-log.js';
export * from './incident-notes.js';
export * from './incident-report.js';
export * from './incident-snapshot.js';
export * from './incident-state-machine.js';
export * from './incident-time.js';
export * from './incident-timeline.js';
