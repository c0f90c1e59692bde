package dev.kart.core.internal.storage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workspace as messages may show it: user information in it (which may be a key pair, whose
 * secret can hold {@code /}, {@code %} or spaces, so that the URI does not even parse) is replaced
 * by {@code ***}, whether or not the text is a valid URI, and also when the URI lacks its {@code :}
 * ({@code s3//KEY:SECRET@bucket/p}).
 */
public final class WorkspaceText {
    private static final String REDACTED = "***";
    /** Where an authority starts: after {@code scheme://}, or {@code scheme//} when the ':' was forgotten. */
    private static final Pattern AUTHORITY = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:?//");

    private WorkspaceText() {
    }

    /**
     * @param workspace the workspace as written, such as {@code s3://KEY:SECRET@bucket/prefix}
     * @return it with everything between {@code ://} (or a leading {@code scheme//}) and the last
     *     {@code @} replaced, such as {@code s3://***@bucket/prefix}; unchanged when it has no {@code @}
     *     after {@code ://}
     */
    public static String redacted(String workspace) {
        Matcher scheme = AUTHORITY.matcher(workspace);
        int authority = scheme.lookingAt() ? scheme.end() : workspace.indexOf("://") + 3;
        int at = workspace.lastIndexOf('@');
        if (authority < 3 || at < authority) {
            return workspace;
        }
        return workspace.substring(0, authority) + REDACTED + workspace.substring(at);
    }

    /**
     * @param message a message that may quote the workspace, such as a URI parser's
     * @param workspace the workspace as written
     * @return the message with every quote of the workspace {@linkplain #redacted redacted}
     */
    public static String redactedIn(String message, String workspace) {
        return message == null ? null : message.replace(workspace, redacted(workspace));
    }
}
