/** Named sequences (deploy and incident numbers per year). */
export interface CounterTables {
  counters: {
    name: string;
    value: number;
  };
}
