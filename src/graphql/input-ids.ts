/**
 * A GraphQL ID argument (a string or a number) as the services take it, a string. null and
 * undefined stay apart: null clears a reference, undefined leaves it as it is.
 */
export const idOrNull = (id: string | number | null | undefined) => (id == null ? id : String(id));

type IdArgument = string | number | null | undefined;

/** A statement input's source references (speaker, role of the day, institution) as strings. */
export function statementSourceIds<Input extends { speaker?: IdArgument; speakerRole?: IdArgument; sourceOrganization?: IdArgument }>(
  input: Input,
) {
  return {
    ...input,
    speaker: idOrNull(input.speaker),
    speakerRole: idOrNull(input.speakerRole),
    sourceOrganization: idOrNull(input.sourceOrganization),
  };
}
