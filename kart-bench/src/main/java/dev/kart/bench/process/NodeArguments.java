package dev.kart.bench.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code key=value} arguments a scenario passes to its node JVMs. */
public final class NodeArguments {
    private NodeArguments() {
    }

    /**
     * @param args {@code key=value} pairs
     * @param keys every key a node needs
     * @return the values by key
     * @throws IllegalArgumentException when an argument is malformed or unknown, or a key is missing
     */
    public static Map<String, String> parse(String[] args, List<String> keys) {
        return parse(args, keys, List.of());
    }

    /**
     * @param args {@code key=value} pairs
     * @param keys every key a node needs
     * @param optional keys a node reads when given
     * @return the values by key
     * @throws IllegalArgumentException when an argument is malformed or unknown, or a key of {@code keys} is missing
     */
    public static Map<String, String> parse(String[] args, List<String> keys, List<String> optional) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0 || !keys.contains(arg.substring(0, equals)) && !optional.contains(arg.substring(0, equals))) {
                throw new IllegalArgumentException("argument '" + arg + "': expected key=value with a key of " + keys
                        + (optional.isEmpty() ? "" : " or " + optional));
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        for (String key : keys) {
            if (!options.containsKey(key)) {
                throw new IllegalArgumentException("argument " + key + "=... is missing; expected all of " + keys);
            }
        }
        return options;
    }
}
