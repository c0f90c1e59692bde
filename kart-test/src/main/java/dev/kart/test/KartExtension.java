package dev.kart.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * A JUnit 5 extension giving each test a {@link KartTestRuntime}: a temporary workspace, an in-memory
 * lock table of its own on a manual clock, and the class path's configuration with
 * {@code kart.durable = false} (tests need no fsync) and the overrides given here. A test (or a
 * {@code @BeforeEach} method) asks for it with a parameter; it is closed after the test, and its
 * workspace deleted, unless the test failed: then the workspace is kept and named on stderr, since a
 * failed build's message points to the task info files in it.
 *
 * <pre>
 * &#64;KartTest                                   // default settings
 * class CountWordsTest {
 *     &#64;Test
 *     void countsWords(KartTestRuntime kart) {
 *         assertThat(kart.build(new CountWords(new Tokenize("a b a"), 1))).containsEntry("a", 2L);
 *     }
 * }
 *
 * class WithSettingsTest {                    // or: settings of your own
 *     &#64;RegisterExtension
 *     final KartExtension kart = KartExtension.create().with("kart.workers", 4);
 *     ...
 * }
 * </pre>
 *
 * Register it one way or the other in a class, not both. Immutable: each {@code with...} returns a
 * copy.
 */
public final class KartExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KartExtension.class);
    private static final Map<String, Object> DEFAULTS = Map.of("kart.durable", false);

    private final Map<String, Object> overrides;
    private final boolean renewLeases;

    /** The extension with default settings, as {@link KartTest} registers it. */
    public KartExtension() {
        this(DEFAULTS, true);
    }

    private KartExtension(Map<String, Object> overrides, boolean renewLeases) {
        this.overrides = Map.copyOf(overrides);
        this.renewLeases = renewLeases;
    }

    /** @return the extension with default settings, to refine with {@link #with} */
    public static KartExtension create() {
        return new KartExtension();
    }

    /**
     * @param path a config path under {@code kart}, such as {@code kart.workers} or
     *     {@code kart.retry.delay}; not {@code kart.workspace} nor {@code kart.lock.backend}, which
     *     the extension sets itself
     * @param value its value: a String (also for durations, such as {@code "10ms"}), Number,
     *     Boolean, List or Map
     * @return a copy with the value set for every test
     * @throws IllegalArgumentException when the path is one the extension owns
     */
    public KartExtension with(String path, Object value) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        if (path.equals("kart.workspace") || path.startsWith("kart.workspace.")) {
            throw new IllegalArgumentException("KartExtension gives each test a temporary workspace of its own, so '"
                    + path + "' cannot be set; use KartTestRuntime.workspace() to find it");
        }
        if (path.equals("kart.lock.backend")) {
            throw new IllegalArgumentException("KartExtension always uses an in-memory lock table of its own, so '"
                    + path + "' cannot be set; use KartTestRuntime.anotherNode() to play a second node");
        }
        Map<String, Object> copy = new LinkedHashMap<>(overrides);
        copy.put(path, value);
        return new KartExtension(copy, renewLeases);
    }

    /**
     * @return a copy whose leases are never renewed, so that advancing {@link KartTestRuntime#clock()}
     *     past {@code kart.lock.ttl} makes every lease taken before expire, as when a node stalls
     */
    public KartExtension withoutLeaseRenewal() {
        return new KartExtension(overrides, false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KartTestRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a KartTestRuntime belongs to one test: take it as a parameter of a"
                    + " @Test or @BeforeEach method, not of " + parameter.getDeclaringExecutable());
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(KartTestRuntime.class,
                ignored -> KartTestRuntime.start(overrides, renewLeases), KartTestRuntime.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        KartTestRuntime runtime = context.getStore(NAMESPACE).remove(KartTestRuntime.class, KartTestRuntime.class);
        if (runtime == null) {
            return;
        }
        // a test skipped by an assumption did not fail: nothing points into its workspace
        if (context.getExecutionException().filter(error -> !(error instanceof TestAbortedException)).isEmpty()) {
            runtime.close();
            return;
        }
        // a failed build's message points into the workspace (its task info, with every attempt's stack
        // trace): deleting it would leave the failing test's reader a path to nothing
        runtime.closeKeepingWorkspace().ifPresent(workspace -> System.err.println("kart-test: "
                + context.getDisplayName() + " failed; its workspace is kept for a look: " + workspace
                + " (task info under log/)"));
    }
}
