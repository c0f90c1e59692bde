package dev.kart.core.internal.info;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This process as task info and lock listings name it: host name and process id.
 *
 * @param host the host name ({@code HOSTNAME}, else the local address's name)
 * @param pid the process id
 */
public record ProcessIdentity(String host, long pid) {
    private static final ProcessIdentity CURRENT = new ProcessIdentity(hostName(), ProcessHandle.current().pid());

    /** @return this process */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public String toString() {
        return host + ":" + pid;
    }
}
