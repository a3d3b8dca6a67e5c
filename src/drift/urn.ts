/** `urn:pulumi:<stack>::<project>::<parent types$>type::name` → the type and the name. */
export function resourceOf(urn: string): { name: string; type: string } {
  const parts = urn.split("::");
  const types = (parts[2] ?? "").split("$");
  return { name: parts.slice(3).join("::") || urn, type: types[types.length - 1] || "?" };
}
