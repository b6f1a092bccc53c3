#!/usr/bin/env bash
# Runs the module's job jar the way spark-submit does. With SPARK_HOME set, it is Spark's own spark-submit;
# without, the same launcher class (org.apache.spark.deploy.SparkSubmit) on Spark 3.5's jars from Maven, so
# the example works on a machine without a Spark installation. Arguments are spark-submit's.
#   spark/spark-submit-local.sh --master 'local[2]' --class io.github.covidxray.spark.CorpusJob JOB_JAR ARGS...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "$@"
fi
cp_file="$here/target/spark-classpath.txt"
if [[ ! -s "$cp_file" || "$here/pom.xml" -nt "$cp_file" ]]; then
  # Spark alone, as a Spark installation's jars/ folder would hold it: a throw-away pom with one dependency.
  version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/pom.xml")"
  mkdir -p "$here/target/spark-runtime"
  cat > "$here/target/spark-runtime/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>spark-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId>
    <version>$version</version></dependency></dependencies></project>
POM
  mvn -q -B -f "$here/target/spark-runtime/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
fi
# Spark's launcher adds these options on Java 17 (JavaModuleOptions); so does this script.
opens=(-XX:+IgnoreUnrecognizedVMOptions)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
exec java -Xmx${SPARK_DRIVER_MEMORY:-1g} "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false \
  -Dai.djl.offline=true -cp "$(cat "$cp_file")" org.apache.spark.deploy.SparkSubmit "$@"
