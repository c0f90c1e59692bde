package dev.kart.test.support.redis;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/**
 * Provides a real Redis server to the tests of a class, found in this order:
 * <ol>
 *   <li>{@code KART_TEST_REDIS=host:port}, a server that is already running (not for
 *       {@link #controllable()} servers, which the test stops and pauses);</li>
 *   <li>a {@code redis-server} from PATH, started on a free loopback port in a temporary directory
 *       without persistence, and stopped after the class;</li>
 *   <li>a container through Testcontainers, where a Docker engine is available (see below).</li>
 * </ol>
 * A test class annotated {@link RedisInContainer} (or a subclass of one) always gets the container:
 * the image {@code KART_TEST_REDIS_IMAGE} names, {@code redis:7} unless set, or {@code from-path}, an
 * image of the {@code redis-server} on PATH that needs no registry, run with host networking on a
 * free loopback port. Where no Docker engine answers but Debian's {@code docker.io} is installed and
 * the JVM runs as root, the test starts a {@code dockerd --bridge=none} of its own, stopped when the
 * JVM exits (this needs {@code TESTCONTAINERS_RYUK_DISABLED=true} and
 * {@code TESTCONTAINERS_CHECKS_DISABLE=true}).
 * When no server is available the tests <em>fail</em> with a message saying how to provide one; they
 * never skip, so a missing server cannot pass unnoticed.
 *
 * <pre>{@code
 * class MyRedisTest {
 *     @RegisterExtension
 *     static final RedisServerExtension REDIS = RedisServerExtension.any();
 *
 *     @Test
 *     void works() {
 *         connect(REDIS.server().host(), REDIS.server().port());
 *     }
 * }
 * }</pre>
 *
 * A test method may also take a {@link TestRedis} parameter. Register the extension in a
 * {@code static} field: the server lives for the whole class.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** The environment variable naming a running server as {@code host:port}. */
    public static final String ENVIRONMENT_VARIABLE = "KART_TEST_REDIS";

    private final boolean needsControl;
    private final Map<String, String> environment;
    private final BooleanSupplier dockerAvailable;
    private TestRedis server;
    private AutoCloseable owned;
    private String ownerContext;

    RedisServerExtension(boolean needsControl, Map<String, String> environment, BooleanSupplier dockerAvailable) {
        this.needsControl = needsControl;
        this.environment = Map.copyOf(environment);
        this.dockerAvailable = dockerAvailable;
    }

    /** @return an extension providing any Redis, a running one named by {@code KART_TEST_REDIS} first */
    public static RedisServerExtension any() {
        return new RedisServerExtension(false, System.getenv(), RedisServerExtension::dockerAvailable);
    }

    /**
     * @return an extension providing a Redis the test can stop, restart and pause: its own
     *     {@code redis-server} or container, never the one named by {@code KART_TEST_REDIS}
     */
    public static RedisServerExtension controllable() {
        return new RedisServerExtension(true, System.getenv(), RedisServerExtension::dockerAvailable);
    }

    /**
     * @return the server of the running test class
     * @throws IllegalStateException when called before the class started, or when the extension is
     *     not registered in a static field
     */
    public TestRedis server() {
        if (server == null) {
            throw new IllegalStateException("no Redis yet: register RedisServerExtension in a static @RegisterExtension"
                    + " field and use server() from tests or @BeforeEach methods");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            return;
        }
        provision(AnnotationSupport.isAnnotated(context.getRequiredTestClass(), RedisInContainer.class));
        ownerContext = context.getUniqueId();
    }

    /** Finds or starts the server; see the class comment for the order. */
    void provision() {
        provision(false);
    }

    /**
     * @param inContainer whether the test class asks for a container ({@link RedisInContainer})
     */
    void provision(boolean inContainer) {
        if (inContainer) {
            ContainerRedis container = ContainerRedis.start(environment);
            server = container;
            owned = container;
            return;
        }
        Optional<String> given = Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE)).filter(v -> !v.isBlank());
        if (given.isPresent() && !needsControl) {
            ExternalRedis external = ExternalRedis.parse(given.get().strip());
            if (!RespProbe.answers(external.host(), external.port(), java.time.Duration.ofSeconds(5))) {
                throw new ExtensionConfigurationException(ENVIRONMENT_VARIABLE + "=" + given.get()
                        + " names a server that does not answer PING; start it, or unset " + ENVIRONMENT_VARIABLE
                        + " to let the test start a redis-server from PATH");
            }
            server = external;
            return;
        }
        Optional<java.nio.file.Path> executable = LocalRedisServer.findOnPath(environment.get("PATH"));
        if (executable.isPresent()) {
            LocalRedisServer local = LocalRedisServer.start(executable.get());
            server = local;
            owned = local;
            return;
        }
        if (dockerAvailable.getAsBoolean()) {
            ContainerRedis container = ContainerRedis.start(environment);
            server = container;
            owned = container;
            return;
        }
        throw new ExtensionConfigurationException(howToProvide(given.isPresent()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getUniqueId().equals(ownerContext)) {
            release();
        }
    }

    /**
     * Stops the server if this extension started it.
     *
     * @throws Exception when stopping fails
     */
    void release() throws Exception {
        try {
            if (owned != null) {
                owned.close();
            }
        } finally {
            owned = null;
            server = null;
            ownerContext = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    private String howToProvide(boolean externalGiven) {
        StringBuilder message = new StringBuilder("No Redis server for this test, and Redis tests never skip. Provide one:");
        if (needsControl) {
            message.append(externalGiven ? " this test stops and pauses its server, so the one in " + ENVIRONMENT_VARIABLE
                    + " cannot be used;" : "");
        } else {
            message.append(" set ").append(ENVIRONMENT_VARIABLE).append("=host:port to use a running server;");
        }
        message.append(" or put redis-server on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis),")
                .append(" the test then starts it on a free port;")
                .append(" or run a Docker engine, so that Testcontainers starts the redis:7 image (Debian: apt-get install")
                .append(" docker.io; as root the test starts its own dockerd when none runs, see docs/testing.md).")
                .append(" Searched PATH: ").append(environment.getOrDefault("PATH", "(unset)"));
        return message.toString();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
