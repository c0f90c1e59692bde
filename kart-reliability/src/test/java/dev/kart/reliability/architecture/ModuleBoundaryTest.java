package dev.kart.reliability.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every module of the build has a {@code module-info.java}, and no source file, main or test, of one
 * module imports a package of another module that is not exported to it: a user-facing module
 * (kart-test, kart-examples) and the tests of every module see only exported packages; kart-cli and
 * kart-bench see what kart-core exports to them by name. The compiler checks main code against the
 * module descriptors; this also covers test code, which runs on the class path.
 */
class ModuleBoundaryTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern MODULE = Pattern.compile("\\bmodule\\s+([\\w.]+)\\s*\\{");
    private static final Pattern EXPORTS = Pattern.compile("\\bexports\\s+([\\w.]+)(\\s+to\\s+([\\w.,\\s]+))?;");

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** A module of the build: its directory, its name, what it exports to whom, and the packages it owns. */
    private record Module(Path directory, Optional<String> name, Map<String, Set<String>> exports, Set<String> packages) {
        boolean lets(String pkg, Module importer) {
            Set<String> to = exports.get(pkg);
            return to != null && (to.isEmpty() || importer.name().map(to::contains).orElse(false));
        }
    }

    @Test
    void everyModuleWithMainCodeHasAModuleDescriptor() {
        List<String> without = modules().stream()
                .filter(module -> Files.isDirectory(module.directory().resolve("src/main/java")) && module.name().isEmpty())
                .map(module -> ROOT.relativize(module.directory()).toString()).toList();

        assertThat(without).as("modules with main code but no src/main/java/module-info.java").isEmpty();
    }

    @Test
    void noSourceFileImportsAPackageItsModuleIsNotGiven() {
        List<Module> modules = modules();
        Map<String, Module> owners = new HashMap<>();
        modules.forEach(module -> module.packages().forEach(pkg -> owners.put(pkg, module)));
        List<String> violations = new ArrayList<>();
        for (Module module : modules) {
            for (Path file : javaFiles(module.directory().resolve("src"))) {
                String source = read(file);
                Matcher imports = IMPORT.matcher(source);
                while (imports.find()) {
                    String pkg = packageOf(imports.group(2), imports.group(1) != null, imports.group(3) != null, owners);
                    Module owner = owners.get(pkg);
                    if (owner != null && owner != module && !owner.lets(pkg, module)) {
                        violations.add(ROOT.relativize(file) + " imports " + imports.group(2)
                                + ", a package " + ROOT.relativize(owner.directory()) + " does not export to "
                                + module.name().orElse(ROOT.relativize(module.directory()).toString()));
                    }
                }
            }
        }

        assertThat(violations).as("imports of packages that are not exported to the importer").isEmpty();
    }

    /** The package an import names: the longest prefix of it that is a package of the build. */
    private static String packageOf(String imported, boolean isStatic, boolean wildcard, Map<String, Module> owners) {
        String candidate = wildcard && !isStatic ? imported : imported.substring(0, Math.max(0, imported.lastIndexOf('.')));
        while (!candidate.isEmpty() && !owners.containsKey(candidate)) {
            int dot = candidate.lastIndexOf('.');
            candidate = dot < 0 ? "" : candidate.substring(0, dot);
        }
        return candidate;
    }

    private static List<Module> modules() {
        List<Module> modules = new ArrayList<>();
        try (Stream<Path> children = Files.list(ROOT)) {
            for (Path directory : children.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src")))
                    .sorted().toList()) {
                modules.add(module(directory));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(modules).as("modules found under " + ROOT).hasSizeGreaterThan(5);
        return modules;
    }

    private static Module module(Path directory) {
        Path main = directory.resolve("src/main/java");
        Path descriptor = main.resolve("module-info.java");
        Optional<String> name = Optional.empty();
        Map<String, Set<String>> exports = new HashMap<>();
        if (Files.isRegularFile(descriptor)) {
            String text = read(descriptor).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            Matcher module = MODULE.matcher(text);
            name = module.find() ? Optional.of(module.group(1)) : Optional.empty();
            Matcher exported = EXPORTS.matcher(text);
            while (exported.find()) {
                exports.put(exported.group(1), exported.group(3) == null ? Set.of()
                        : Set.of(exported.group(3).replaceAll("\\s", "").split(",")));
            }
        }
        Set<String> packages = new java.util.HashSet<>();
        for (Path file : javaFiles(main)) {
            Matcher pkg = PACKAGE.matcher(read(file));
            if (pkg.find()) {
                packages.add(pkg.group(1));
            }
        }
        return new Module(directory, name, exports, packages);
    }

    private static List<Path> javaFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
