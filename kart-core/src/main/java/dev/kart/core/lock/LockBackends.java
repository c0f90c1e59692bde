package dev.kart.core.lock;

import dev.kart.core.config.KartConfigException;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.LockSettings;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds {@link LockBackendProvider}s with {@link ServiceLoader} and opens the one
 * {@code kart.lock.backend} names; {@code auto} picks a provider whose settings are given, else
 * {@value #DEFAULT_BACKEND}.
 */
public final class LockBackends {
    /** The backend {@code auto} falls back to. */
    public static final String DEFAULT_BACKEND = "in-memory";
    /** The value of {@code kart.lock.backend} that lets settings choose. */
    public static final String AUTO = "auto";

    private LockBackends() {
    }

    /**
     * @param classLoader where providers are looked up
     * @return every provider found, by name
     */
    public static List<LockBackendProvider> providers(ClassLoader classLoader) {
        return ServiceLoader.load(LockBackendProvider.class, classLoader).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(LockBackendProvider::name)).toList();
    }

    /**
     * @param name the value of {@code kart.lock.backend}
     * @param settings the {@code kart.lock} section
     * @param classLoader where providers are looked up
     * @return the chosen provider
     * @throws KartConfigException when no provider has that name
     */
    public static LockBackendProvider select(String name, LockSettings settings, ClassLoader classLoader) {
        List<LockBackendProvider> providers = providers(classLoader);
        String wanted = name;
        if (AUTO.equals(name)) {
            wanted = providers.stream().filter(p -> p.requestedBy(settings)).map(LockBackendProvider::name)
                    .findFirst().orElse(DEFAULT_BACKEND);
        }
        for (LockBackendProvider provider : providers) {
            if (provider.name().equals(wanted)) {
                return provider;
            }
        }
        throw new KartConfigException("config key 'kart.lock.backend' is '" + name + "'"
                + (AUTO.equals(name) ? " (which means '" + wanted + "' here)" : "")
                + ", but no lock backend of that name is on the class path; found: "
                + providers.stream().map(LockBackendProvider::name).toList()
                + ". Add the module dev.kart:kart-lock-" + wanted + " to your dependencies");
    }

    /**
     * @param name the value of {@code kart.lock.backend}
     * @param settings the {@code kart.lock} section
     * @param classLoader where providers are looked up
     * @return the open backend
     */
    public static LockBackend open(String name, LockSettings settings, ClassLoader classLoader) {
        return select(name, settings, classLoader).open(settings);
    }
}
