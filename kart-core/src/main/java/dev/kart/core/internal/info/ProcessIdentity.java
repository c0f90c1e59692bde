package dev.kart.core.internal.info;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

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

    /**
     * Written out, as {@link #hashCode}: a record's own are bound on their first call (through {@code
     * java.lang.runtime.ObjectMethods}), which {@code kart info} paid for comparing its records' writers.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessIdentity that && pid == that.pid && Objects.equals(host, that.host);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(host) + Long.hashCode(pid);
    }

    @Override
    public String toString() {
        return host + ":" + pid;
    }
}
