package io.liveguard.platform.registry;

/** The kinds of subjects the registry holds, by their path segment in the API. */
public enum RegistryKind {
  JURISDICTIONS("jurisdictions"),
  PLATFORMS("platforms"),
  ENTERPRISES("enterprises"),
  MCN_AGENCIES("mcn-agencies"),
  STREAMERS("streamers"),
  ROOMS("rooms"),
  /** Sessions (场次) are registered from session_started / session_ended events, not imported. */
  SESSIONS("sessions"),
  LISTINGS("listings"),
  BRANDS("brands");

  private final String path;

  RegistryKind(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  public static RegistryKind parse(String path) {
    for (RegistryKind k : values()) {
      if (k.path.equals(path)) {
        return k;
      }
    }
    return null;
  }
}
