using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sportall.Packager.Tests.Storage;

internal static class EnvironmentSkip
{
    public static string? Reason(ITestMethod testMethod)
    {
        foreach (var attribute in testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentAttribute)))
        {
            var variable = attribute.GetNamedArgument<string>(nameof(RequiresEnvironmentAttribute.Variable))
                ?? (string)attribute.GetConstructorArguments().First();
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                return $"{variable} is not set (set S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY and S3_BUCKET to run against a real S3/MinIO).";
            }
        }
        return null;
    }

    public static IXunitTestCase Case(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}
