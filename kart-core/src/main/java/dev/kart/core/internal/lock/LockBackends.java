package dev.kart.core.internal.lock;

import com.typesafe.config.Config;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.ConfigValueError;
import dev.kart.core.internal.config.TypesafeConfigSection;
import dev.kart.internal.service.ServiceRegistrations;
import dev.kart.lock.LockBackendProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds {@link LockBackendProvider}s with {@link ServiceLoader} and picks the one
 * {@code kart.lock.backend} names; {@code auto} picks a provider whose own section asks for it,
 * else {@value #DEFAULT_BACKEND}.
 */
public final class LockBackends {
    /** The backend {@code auto} falls back to. */
    public static final String DEFAULT_BACKEND = "in-memory";
    /** The value of {@code kart.lock.backend} that lets settings choose. */
    public static final String AUTO = "auto";
    private static final String SECTION = "kart.lock";

    private LockBackends() {
    }

    /**
     * @param classLoader where providers are looked up
     * @return every provider found, by name
     */
    public static List<LockBackendProvider> providers(ClassLoader classLoader) {
        return ServiceRegistrations.load(LockBackendProvider.class, classLoader).stream()
                .sorted(Comparator.comparing(LockBackendProvider::name)).toList();
    }

    /**
     * @param provider a provider
     * @param config the loaded configuration
     * @return the provider's own section, {@code kart.lock.<name>}
     */
    public static ConfigSection section(LockBackendProvider provider, Config config) {
        return TypesafeConfigSection.of(config, SECTION + "." + provider.name());
    }

    /**
     * @param config the loaded configuration, whose {@code kart.lock.backend} names the backend
     * @param classLoader where providers are looked up
     * @return the chosen provider
     * @throws KartConfigException when no provider has that name
     */
    public static LockBackendProvider select(Config config, ClassLoader classLoader) {
        return select(config, providers(classLoader));
    }

    /**
     * @param config the loaded configuration, whose {@code kart.lock.backend} names the backend
     * @param providers the providers found, as {@link #providers} lists them
     * @return the chosen provider
     * @throws KartConfigException when no provider has that name
     */
    public static LockBackendProvider select(Config config, List<LockBackendProvider> providers) {
        String name = config.getString(SECTION + ".backend");
        String wanted = name;
        if (AUTO.equals(name)) {
            wanted = providers.stream().filter(p -> p.requestedBy(section(p, config))).map(LockBackendProvider::name)
                    .findFirst().orElse(DEFAULT_BACKEND);
        }
        String nearly = null;
        for (LockBackendProvider provider : providers) {
            if (provider.name().equals(wanted)) {
                return provider;
            }
            if (looseName(provider.name()).equals(looseName(wanted))) {
                nearly = provider.name();
            }
        }
        if (nearly != null) {
            // names are matched as written, as config keys are: Redis or InMemory is only written otherwise
            throw ConfigValueError.of(config, SECTION + ".backend", "is '" + name + "', which is written '" + nearly
                    + "': backend names are matched as written");
        }
        throw ConfigValueError.of(config, SECTION + ".backend", "is " + ConfigValueError.quoted(name)
                + (AUTO.equals(name) ? " (which means '" + wanted + "' here)" : "")
                + ", but no lock backend of that name is on the class path; found: "
                + String.join(", ", providers.stream().map(LockBackendProvider::name).toList()) + ", or " + AUTO
                + " (the first whose settings ask for it, else " + DEFAULT_BACKEND + ")"
                + ". A backend is a module that provides " + LockBackendProvider.class.getName()
                + " (see docs/locks.md for kart's backends and their artifacts)");
    }

    /**
     * Has every provider but the chosen one check its own section: a malformed value there would stop the run
     * that chooses it, so it stops this one at start too, whichever backend is chosen.
     *
     * @param chosen the provider of this run, which checks its section when it prepares the backend
     * @param providers the providers found, as {@link #providers} lists them
     * @param config the loaded configuration
     * @throws KartConfigException naming the first malformed key of another provider's section, or the provider
     *     whose check failed otherwise (a bug of its own, which would stop every run with it on the class path)
     */
    public static void checkOthers(LockBackendProvider chosen, List<LockBackendProvider> providers, Config config) {
        for (LockBackendProvider provider : providers) {
            if (!provider.name().equals(chosen.name())) {
                check(provider, chosen, config);
            }
        }
    }

    private static void check(LockBackendProvider provider, LockBackendProvider chosen, Config config) {
        String section = SECTION + "." + provider.name();
        try {
            provider.check(section(provider, config));
        } catch (KartConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // not a key's error but the provider's own (a class its check needs missing, too): the user of another backend is told which module to look at
            throw new KartConfigException("lock backend '" + provider.name() + "' (" + provider.getClass().getName()
                    + ") failed checking its section " + section + ", though this run uses lock backend '"
                    + chosen.name() + "': " + e.toString().lines().findFirst().orElse("") + "; expected its check to pass or to name a key"
                    + " of " + section + " (remove the backend's module from the class path if this run does not need"
                    + " it, and report the failure to its authors)", e);
        }
    }

    /** @return the name without case, hyphens or underscores: how a name written otherwise is recognised */
    private static String looseName(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
