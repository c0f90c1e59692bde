package dev.kart.test.support.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a Docker engine could change of the machine's network: its interfaces and IPv4 forwarding. */
final class MachineNetwork {
    private MachineNetwork() {
    }

    /** @return the names of the network interfaces, sorted */
    static List<String> interfaces() {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(link -> link.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code net.ipv4.ip_forward}: 0 or 1 */
    static String ipForwarding() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
