package dev.kart.core.internal.config;

import java.util.Locale;

/** Converts camelCase parameter names to the kebab-case form accepted in config and on the command line. */
public final class KebabCase {
    private KebabCase() {
    }

    /**
     * @param camel a name such as {@code minCount}
     * @return its kebab-case form, such as {@code min-count}
     */
    public static String of(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
