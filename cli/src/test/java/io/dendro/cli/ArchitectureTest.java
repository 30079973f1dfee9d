package io.dendro.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/design/overview.md, enforced on the compiled main classes of every
 * module on this test class path (ADR 0017): {@code storage} knows nothing above it, the
 * engine's public API names only API types, and the faces (the CLI now; the gRPC and HTTP
 * servers) use the engine's public API only, and the libraries they share (the Arrow IPC
 * format) use nothing of Dendro. It lives in the CLI module because that is
 * the module whose class path holds all the others.
 */
class ArchitectureTest {
    /**
     * The engine's public API: these packages (not their subpackages): {@code io.dendro}, the
     * value model ({@code io.dendro.value}: aggregates, graph values, the compact JSON of
     * documents) and the shared error types.
     */
    static final Set<String> API = Set.of("io.dendro", "io.dendro.value", "io.dendro.error");
    /** Packages of the faces: they may use the API and nothing else of Dendro. */
    static final String[] FACES = {"io.dendro.cli..", "io.dendro.grpc..", "io.dendro.http.."};
    /**
     * Libraries the faces share that know nothing of the engine (the Arrow IPC writer and
     * reader): a face may use them; they may use nothing of Dendro.
     */
    static final Set<String> FACE_LIBRARIES = Set.of("io.dendro.arrow");

    static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // test-jars are tests too
                .importPackages("io.dendro");
        assertTrue(main.contain("io.dendro.Database") && main.contain("io.dendro.storage.Store")
                && main.contain("io.dendro.cli.Main"), "the importer must see every module's classes");
    }

    @Test
    void storageShouldKnowNothingAboveIt() {
        classes().that().resideInAnyPackage("io.dendro.storage..", "io.dendro.error..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.dendro.storage..", "io.dendro.error..", "java..")
                .because("storage knows bytes only: no streams, time or trees (ARCHITECTURE.md)")
                .check(main);
    }

    @Test
    void facesShouldUseTheEnginesPublicApiOnly() {
        noClasses().that().resideInAnyPackage(FACES)
                .should().dependOnClassesThat(internal())
                .because("a face knows the engine's public API only (io.dendro, io.dendro.value and io.dendro.error)")
                .check(main);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> internal() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are Dendro internals",
                c -> c.getPackageName().startsWith("io.dendro") && !API.contains(c.getPackageName())
                        && !FACE_LIBRARIES.contains(c.getPackageName()) && !isFace(c.getPackageName()));
    }

    @Test
    void faceLibrariesShouldKnowNothingOfDendro() {
        noClasses().that().resideInAnyPackage(FACE_LIBRARIES.toArray(new String[0]))
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are other Dendro classes", c -> c.getPackageName().startsWith("io.dendro")
                                && !FACE_LIBRARIES.contains(c.getPackageName())))
                .because("a format library shared by the faces stands alone (it could be its own project)")
                .check(main);
    }

    private static boolean isFace(String pkg) {
        for (String f : FACES) {
            String root = f.substring(0, f.length() - 2);
            if (pkg.equals(root) || pkg.startsWith(root + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every public or protected member of every public type in the API packages names only
     * API types, JDK types and primitives: parameters, results, fields, type arguments,
     * declared exceptions and supertypes. An internal type there would be a door into the
     * internals that embedders could come to rely on.
     */
    @Test
    void apiSignaturesShouldNameOnlyApiTypes() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : main) {
            if (!API.contains(c.getPackageName()) || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            check(leaks, c.getName() + " extends", c.getRawSuperclass().map(t -> (JavaType) t).orElse(null));
            c.getInterfaces().forEach(i -> check(leaks, c.getName() + " implements", i));
            for (JavaField f : c.getFields()) {
                if (visible(f.getModifiers())) {
                    check(leaks, f.getFullName(), f.getType());
                }
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!visible(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    continue;
                }
                check(leaks, m.getFullName() + " returns", m.getReturnType());
                m.getParameterTypes().forEach(p -> check(leaks, m.getFullName() + " takes", p));
                m.getThrowsClause().getTypes().forEach(t -> check(leaks, m.getFullName() + " throws", t));
            }
        }
        assertTrue(leaks.isEmpty(), () -> "non-API types in the public API:\n  " + String.join("\n  ", leaks));
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void check(List<String> leaks, String where, JavaType type) {
        if (type == null) {
            return;
        }
        for (JavaClass t : type.getAllInvolvedRawTypes()) {
            JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
            String pkg = base.getPackageName();
            if (base.isPrimitive() || pkg.startsWith("java.") || API.contains(pkg)) {
                continue;
            }
            leaks.add(where + " " + base.getName());
        }
    }
}
