namespace Sportall.Portal.Tenancy;

public enum TenantMatch
{
    Host,
    PathPrefix,
}
