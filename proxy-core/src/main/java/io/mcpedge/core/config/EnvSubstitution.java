package io.mcpedge.core.config;

import java.util.Map;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in one scalar value with entries of the
 * environment map the loader was given; <code>$${</code> stands for a literal <code>${</code>.
 * Substitution runs on scalar values after YAML parsing, so a variable's value is never parsed as
 * YAML: it can hold a colon or a {@code #} without quoting.
 */
final class EnvSubstitution {

  private EnvSubstitution() {}

  /** True when {@code text} would be changed by {@link #apply}. */
  static boolean needed(String text) {
    return text.indexOf("${") >= 0;
  }

  /**
   * Substitutes every reference. As in the shell, {@code :-} applies the default when the variable
   * is unset or empty.
   *
   * @throws IllegalArgumentException with the expectation text when a reference is malformed or
   *     names an unset variable without a default
   */
  static String apply(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "an environment reference closed by }, as in ${NAME} or ${NAME:-default}");
        }
        out.append(resolve(text.substring(i + 2, close), env));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String resolve(String ref, Map<String, String> env) {
    int sep = ref.indexOf(":-");
    String name = sep < 0 ? ref : ref.substring(0, sep);
    if (!validName(name)) {
      throw new IllegalArgumentException(
          "an environment variable name of letters, digits and _, as in ${NAME} or"
              + " ${NAME:-default}");
    }
    String value = env.get(name);
    if (sep >= 0) {
      return value == null || value.isEmpty() ? ref.substring(sep + 2) : value;
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "environment variable " + name + " to be set, or a default as in ${" + name + ":-value}");
    }
    return value;
  }

  private static boolean validName(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_'
          || (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
