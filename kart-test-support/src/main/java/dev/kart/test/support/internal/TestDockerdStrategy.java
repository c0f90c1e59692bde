package dev.kart.test.support.internal;

import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Testcontainers' last way to a Docker engine, after all of its own (DOCKER_HOST,
 * {@code /var/run/docker.sock}, Docker Desktop, rootless Docker) found none: this JVM's own
 * {@link TestDockerd}. Applicable only where it can work: {@code dockerd} installed, the JVM running
 * as root, and Testcontainers' Ryuk and start-up checks off (they need a registry and a bridge).
 * Registered through {@link java.util.ServiceLoader}, which Testcontainers reads; never remembered
 * in {@code ~/.testcontainers.properties}, so a machine whose Docker runs again uses that one.
 */
public final class TestDockerdStrategy extends DockerClientProviderStrategy {
    /** Below every strategy of Testcontainers: only when no engine answers. */
    private static final int PRIORITY = Integer.MIN_VALUE;

    /** Called by {@link java.util.ServiceLoader}. */
    public TestDockerdStrategy() {
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        try {
            return TransportConfig.builder().dockerHost(TestDockerd.start()).build();
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException("kart's test dockerd: " + e.getMessage(), e);
        }
    }

    @Override
    public String getDescription() {
        return "a dockerd of kart's test support (--bridge=none --iptables=false, stopped when the JVM exits)";
    }

    /**
     * @return {@code localhost}: the daemon runs on this machine and its containers on its network.
     *     Testcontainers' own answer inside a container (where kart's CI runs) is the gateway of the
     *     engine's bridge network, which this engine does not have.
     */
    @Override
    public String getDockerHostIpAddress() {
        return "localhost";
    }

    @Override
    protected boolean isApplicable() {
        return TestDockerd.unavailableReason(System.getenv()).isEmpty();
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return PRIORITY;
    }
}
