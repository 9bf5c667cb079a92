/** A capability screen whose work is planned in an open issue; the role rules behind its navigation already hold. */
export function PlannedScreen({ id, title, issue }: { id: string; title: string; issue: number }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={`${id}-planned`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <p>This screen arrives with issue #{issue}.</p>
    </section>
  );
}
