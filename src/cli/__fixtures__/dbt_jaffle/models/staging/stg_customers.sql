with source as (

    {#- source() reads a raw table declared in schema.yml -#}
    select * from {{ source('jaffle', 'raw_customers') }}

),

renamed as (

    select
        id as customer_id,
        first_name,
        last_name
    from source

)

select * from renamed
