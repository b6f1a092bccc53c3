package io.github.covidxray.spark;

/** {@link XraySpark} in {@code local[2]}: two task threads in the test's own JVM. */
class LocalModeTest extends XraySparkContractTest {

    @Override
    String master() {
        return "local[2]";
    }

    @Override
    int separateExecutors() {
        return 0;
    }
}
