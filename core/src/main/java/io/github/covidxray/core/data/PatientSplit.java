package io.github.covidxray.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits records into train/validation/test so that no patient appears in two splits, stratified by
 * class (each patient counts under the label of most of its images) and reproducible with a seed.
 *
 * <p>Splitting by image instead of by patient leaks near-identical films of one patient into both sides
 * and inflates every metric; this class exists so that nobody has to remember that.
 */
public final class PatientSplit {

    private PatientSplit() {}

    /**
     * The result of a split.
     *
     * @param train training records
     * @param validation validation records
     * @param test test records
     */
    public record Result(List<XrayRecord> train, List<XrayRecord> validation, List<XrayRecord> test) {
        /** Makes the lists unmodifiable. */
        public Result {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }
    }

    /**
     * Splits by patient.
     *
     * @param records the records; those without a patient id count as a patient each
     * @param validationFraction share of each class's patients for validation, in [0, 1)
     * @param testFraction share of each class's patients for test, in [0, 1)
     * @param seed the shuffle seed
     * @return the three splits
     */
    public static Result split(List<XrayRecord> records, double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("fractions must be >= 0 and sum to < 1, got validation="
                    + validationFraction + " test=" + testFraction);
        }
        Map<String, List<XrayRecord>> byPatient = new LinkedHashMap<>();
        for (XrayRecord r : records) {
            byPatient.computeIfAbsent(r.patientOrFile(), k -> new ArrayList<>()).add(r);
        }
        // Sorted maps keep the result independent of input order for a given seed.
        Map<String, List<String>> patientsByLabel = new TreeMap<>();
        for (Map.Entry<String, List<XrayRecord>> e : new TreeMap<>(byPatient).entrySet()) {
            patientsByLabel.computeIfAbsent(majorityLabel(e.getValue()), k -> new ArrayList<>()).add(e.getKey());
        }
        List<XrayRecord> train = new ArrayList<>();
        List<XrayRecord> val = new ArrayList<>();
        List<XrayRecord> test = new ArrayList<>();
        Random random = new Random(seed);
        for (List<String> patients : patientsByLabel.values()) {
            Collections.shuffle(patients, random);
            int n = patients.size();
            int nVal = (int) Math.round(n * validationFraction);
            int nTest = (int) Math.round(n * testFraction);
            for (int i = 0; i < n; i++) {
                List<XrayRecord> target = i < nVal ? val : i < nVal + nTest ? test : train;
                target.addAll(byPatient.get(patients.get(i)));
            }
        }
        return new Result(train, val, test);
    }

    private static String majorityLabel(List<XrayRecord> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (XrayRecord r : records) {
            counts.merge(r.label(), 1, Integer::sum);
        }
        return Collections.max(new TreeMap<>(counts).entrySet(), Map.Entry.comparingByValue()).getKey();
    }
}
