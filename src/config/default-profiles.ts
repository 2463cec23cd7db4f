/** The profile name used in profiles.example.yml (replaced by the project's profile). */
export const EXAMPLE_PROFILE_NAME = 'ecommerce';

/** A file name for locations in the built-in profile's messages. */
export const BUILTIN_PROFILES_FILE = '<built-in profiles>';

/**
 * The profiles used when no profiles.yml is found: the same settings as the
 * repository's profiles.example.yml (a test keeps the two equal).
 */
export function builtinProfilesYaml(profileName: string): string {
  return `${JSON.stringify(profileName)}:
  target: embedded
  outputs:
    embedded:
      type: pglite
      path: .tsmodel/pgdata
      schema: main
      threads: 1
    postgres:
      type: postgres
      host: "{{ env_var('DB_HOST', 'localhost') }}"
      port: "{{ env_var('DB_PORT', '5432') | int }}"
      dbname: "{{ env_var('DB_NAME', 'ecommerce_db') }}"
      user: "{{ env_var('DB_USER', 'postgres') }}"
      password: "{{ env_var('DB_PASSWORD', '') }}"
      schema: main
      threads: 4
    citus:
      type: citus
      host: "{{ env_var('DB_HOST', 'localhost') }}"
      port: "{{ env_var('DB_PORT', '5432') | int }}"
      dbname: "{{ env_var('DB_NAME', 'ecommerce_db') }}"
      user: "{{ env_var('DB_USER', 'postgres') }}"
      password: "{{ env_var('DB_PASSWORD', '') }}"
      schema: main
      threads: 4
`;
}
