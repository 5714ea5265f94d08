package io.liveguard.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value}, {@code --name=value}, {@code --flag}, and
 * positional arguments; {@code --} ends the options.
 */
final class Args {

  private final Map<String, List<String>> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * Parses {@code args}.
   *
   * @param valued options that take a value
   * @param flags options that take none
   * @throws UsageException naming an unknown option or a missing value
   */
  static Args parse(String[] args, Set<String> valued, Set<String> flags) throws UsageException {
    Args a = new Args();
    boolean optionsEnded = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || !arg.startsWith("--") || arg.equals("-")) {
        a.positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return a;
  }

  /** The last value of {@code name}, or {@code fallback}. */
  String get(String name, String fallback) {
    List<String> v = options.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  /** Every value of {@code name}, in order. */
  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  List<String> positional() {
    return positional;
  }
}
