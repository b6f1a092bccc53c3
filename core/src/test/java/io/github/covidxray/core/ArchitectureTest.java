package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules for how core's packages may depend on each other, checked on the compiled classes:
 * <ul>
 *   <li>{@code spi} holds contracts (interfaces and the plain value or parameter types they exchange), never an
 *       implementation;</li>
 *   <li>nothing outside {@code internal} depends on it: the public API reaches its implementation only
 *       through {@link java.util.ServiceLoader} and the {@code spi} contracts;</li>
 *   <li>no two classes of different packages depend on each other directly (as {@code CovidClassifier} and the
 *       backend lookup once did);</li>
 *   <li>no package cycle, except among the public API packages below, whose types name each other by design:
 *       a {@code ModelCard} carries a {@code PreprocessingSpec}, {@code XrayImage.read} reads DICOM whose
 *       reader returns an {@code XrayImage}, and {@code CovidClassifier.load} finds the {@code spi} backends
 *       that return a {@code CovidClassifier}. {@code internal}, {@code eval} and {@code data} sit on top and
 *       take part in no cycle.</li>
 * </ul>
 */
class ArchitectureTest {

    private static final String CORE = "io.github.covidxray.core";

    /** The public API packages that may form one cycle (see the class comment for why). */
    private static final Set<String> API_KERNEL = Set.of(CORE, CORE + ".model", CORE + ".dicom", CORE + ".spi");

    private static JavaClasses classes;

    @BeforeAll
    static void importCore() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(CORE);
        assertTrue(classes.size() > 50, "expected core's classes, found " + classes.size());
    }

    @Test
    void spiHoldsContractsOnly() {
        List<String> implementations = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!packageOf(c).equals(CORE + ".spi") || c.isInterface() || c.isEnum() || c.isRecord()) {
                continue;
            }
            boolean implementsSomething = c.getRawInterfaces().stream().anyMatch(i -> i.getName().startsWith(CORE))
                    || !c.getRawSuperclass().map(s -> s.getName().equals(Object.class.getName())).orElse(true);
            if (implementsSomething) {
                implementations.add(c.getName());
            }
        }
        assertEquals(List.of(), implementations, "spi must hold contracts, not implementations");
    }

    @Test
    void onlyInternalDependsOnInternal() {
        List<String> uses = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!packageOf(c).startsWith(CORE + ".internal")) {
                c.getDirectDependenciesFromSelf().stream()
                        .filter(d -> packageOf(d.getTargetClass()).startsWith(CORE + ".internal"))
                        .forEach(d -> uses.add(d.getDescription()));
            }
        }
        assertEquals(List.of(), uses, "the public packages must not depend on core.internal");
    }

    @Test
    void noTwoClassesOfDifferentPackagesDependOnEachOther() {
        Map<String, Set<String>> classGraph = graph(false);
        Set<String> pairs = new TreeSet<>();
        classGraph.forEach((from, targets) -> targets.forEach(to -> {
            if (!packageOfName(from).equals(packageOfName(to)) && classGraph.getOrDefault(to, Set.of()).contains(from)) {
                pairs.add(from.compareTo(to) < 0 ? from + " <-> " + to : to + " <-> " + from);
            }
        }));
        assertEquals(Set.of(), pairs);
    }

    @Test
    void packageCyclesStayWithinThePublicApi() {
        List<Set<String>> offending = new ArrayList<>();
        for (Set<String> cycle : cycles(graph(true))) {
            if (!API_KERNEL.containsAll(cycle)) {
                offending.add(cycle);
            }
        }
        assertEquals(List.of(), offending, "package cycles in core outside the public API kernel " + API_KERNEL);
    }

    @Test
    void cycleFinderFindsCyclesAndOnlyCycles() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a", "d"));
        g.put("d", Set.of("e"));
        g.put("e", Set.of());
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
        g.put("e", Set.of("d"));
        assertEquals(2, cycles(g).size());
    }

    /** Edges between core's classes (top-level, nested folded in) or, with {@code byPackage}, their packages. */
    private static Map<String, Set<String>> graph(boolean byPackage) {
        Map<String, Set<String>> g = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = byPackage ? packageOf(c) : topLevel(c).getName();
            Set<String> targets = g.computeIfAbsent(from, k -> new TreeSet<>());
            c.getDirectDependenciesFromSelf().forEach(d -> {
                JavaClass target = d.getTargetClass();
                if (packageOf(target).startsWith(CORE)) {
                    String to = byPackage ? packageOf(target) : topLevel(target).getName();
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            });
        }
        return g;
    }

    /** Tarjan's strongly connected components with more than one node: each is a cycle. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) {
            t = t.getEnclosingClass().get();
        }
        return t;
    }

    private static String packageOf(JavaClass c) {
        return c.getPackageName();
    }

    private static String packageOfName(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }
}
