/**
 * A cycle refused because its writer no longer holds the cluster's lease:
 * another replica has taken the cluster over (a newer term), or this one let
 * it go. Nothing of the cycle is stored.
 */
export class FencedError extends Error {
  constructor(
    readonly cluster: string,
    readonly writerTerm: number | null,
    readonly currentTerm: number | null,
  ) {
    super(
      writerTerm === null
        ? `cycle of "${cluster}" refused: this replica no longer collects it`
        : `cycle of "${cluster}" refused: written under term ${writerTerm}, but the cluster's collector term is now ${currentTerm ?? 'none'}`,
    );
    this.name = 'FencedError';
  }
}
