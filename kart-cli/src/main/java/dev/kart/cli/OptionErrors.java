package dev.kart.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Words picocli's errors about kart's own options as kart words its other usage errors: the option
 * as typed ({@code -D}, not the {@code --set} picocli names), the value as typed, and what the option
 * takes, such as {@code --workers needs a whole number, got 'abc'}.
 */
final class OptionErrors {
    private OptionErrors() {
    }

    /**
     * @param error what picocli threw while parsing
     * @param args the command line
     * @param command the command whose options they are
     * @return the error in kart's words when it is about the value of an option of kart's (missing, or
     *     one the option cannot take); empty for any other error
     */
    static Optional<String> inKartsWords(ParameterException error, String[] args, CommandSpec command) {
        return valueMissing(error, args, command).or(() -> valueRefused(error, args));
    }

    /**
     * picocli's words for an option of kart's without its value name the option by its longest name, as
     * {@code --set} for a {@code -D} typed, and call its value a "parameter".
     *
     * @param error what picocli threw
     * @param args the command line
     * @param command the command whose option it is
     * @return the error in kart's words when it is an option of kart's missing its value: the option as
     *     typed and what its value is, such as {@code -D needs a value: give -D KEY=VALUE}
     */
    private static Optional<String> valueMissing(ParameterException error, String[] args, CommandSpec command) {
        if (!(error instanceof MissingParameterException missing) || missing.getMissing().size() != 1
                || !(missing.getMissing().get(0) instanceof OptionSpec option)) {
            return Optional.empty();
        }
        // picocli stops at the first option whose value is missing: the first place the option is typed
        // with nothing after it, or with an option of the command after it, which picocli takes for no value
        for (int i = 0; i < args.length; i++) {
            Optional<String> typed = typedName(args[i], option);
            if (typed.isEmpty()) {
                continue;
            }
            String give = ": give " + typed.get() + " " + option.paramLabel();
            if (i == args.length - 1) {
                return Optional.of(typed.get() + " needs a value" + give);
            }
            String next = args[i + 1];
            int equals = next.indexOf('=');
            if (command.optionsMap().containsKey(equals > 0 ? next.substring(0, equals) : next)) {
                return Optional.of(typed.get() + " needs a value, but the next word, " + next + ", is an option" + give);
            }
        }
        return Optional.empty();
    }

    /**
     * picocli's words for a value an option of kart's cannot take name the option by its longest name and
     * say what the value is not ({@code 'abc' is not an int}), not what the option takes.
     *
     * @param error what picocli threw
     * @param args the command line
     * @return the error in kart's words when picocli refused a value given to an option: the option and
     *     the value as typed, and what the option takes, such as {@code --workers needs a whole number, got
     *     'abc'}
     */
    private static Optional<String> valueRefused(ParameterException error, String[] args) {
        // picocli gives the option and the value only when it refused the value: its converter did, or it
        // is no KEY=VALUE for an option holding a map
        if (!(error.getArgSpec() instanceof OptionSpec option) || error.getValue() == null) {
            return Optional.empty();
        }
        String refused = error.getValue();
        String needs = " needs " + expected(option, error) + ", got '";
        // picocli stops at the first place the option is typed with that value; the value of a map's key
        // is what follows the key's '='
        for (int i = 0; i < args.length; i++) {
            for (String name : option.names()) {
                Optional<String> typed = valueTyped(args, i, name);
                if (typed.isPresent() && (typed.get().equals(refused) || typed.get().startsWith(refused + "="))) {
                    return Optional.of(name + needs + typed.get() + "'");
                }
            }
        }
        return Optional.of(option.longestName() + needs + refused + "'");
    }

    /**
     * @return what the option takes: what kart's own converter of its values says (such as a duration),
     *     else what its type takes, since picocli's converters say what the value is not
     */
    private static String expected(OptionSpec option, ParameterException error) {
        if (error.getCause() instanceof TypeConversionException conversion && option.converters().length > 0) {
            return conversion.getMessage();
        }
        Class<?> type = option.type();
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            // digits refused are a number too large for the type: say where the numbers end
            boolean tooLarge = error.getValue().matches("[-+]?[0-9]+");
            return "a whole number" + (!tooLarge ? "" : " of at most "
                    + (type == Long.class || type == long.class ? Long.MAX_VALUE : Integer.MAX_VALUE));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            StringJoiner constants = new StringJoiner(", ", "one of ", "");
            for (Object constant : type.getEnumConstants()) {
                constants.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return constants.toString();
        }
        return option.paramLabel();
    }

    /**
     * @return the value the word at {@code i} gives the option by this name: what follows {@code =}, what
     *     is attached to its short name, also in a cluster of short options ({@code -Dkart.workers=2},
     *     {@code -vDkart.workers=2}), or the next word
     */
    private static Optional<String> valueTyped(String[] args, int i, String name) {
        String word = args[i];
        if (word.startsWith(name + "=")) {
            return Optional.of(word.substring(name.length() + 1));
        }
        boolean cluster = name.length() == 2 && !name.startsWith("--") && word.startsWith("-") && !word.startsWith("--");
        int end = word.equals(name) ? word.length() : cluster ? word.indexOf(name.charAt(1), 1) + 1 : 0;
        if (end <= 0) {
            return Optional.empty();
        }
        if (end < word.length()) {
            // picocli drops the '=' of -vD=KEY=VALUE as it does that of -D=KEY=VALUE
            return Optional.of(word.substring(word.charAt(end) == '=' ? end + 1 : end));
        }
        return i + 1 < args.length ? Optional.of(args[i + 1]) : Optional.empty();
    }

    /**
     * @return the name of the option that the word gives without a value: one of its names, or its short
     *     name last in a cluster of short options ({@code -vD})
     */
    private static Optional<String> typedName(String word, OptionSpec option) {
        for (String name : option.names()) {
            boolean lastOfCluster = name.length() == 2 && word.length() > 2 && word.startsWith("-")
                    && !word.startsWith("--") && word.endsWith(name.substring(1));
            if (word.equals(name) || lastOfCluster) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
